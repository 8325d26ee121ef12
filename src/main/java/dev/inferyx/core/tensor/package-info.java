/**
 * Tensors as the Open Inference Protocol (KServe/Triton "V2") describes them: a name, a datatype, a shape and a
 * flat row-major list of elements, plus the {@link dev.inferyx.core.tensor.Signature} a model declares for its
 * inputs and outputs. Values are immutable and compare by content, so jobs holding tensors can be cached,
 * coalesced and stored like text jobs. Depends on the JDK only.
 */
package dev.inferyx.core.tensor;
