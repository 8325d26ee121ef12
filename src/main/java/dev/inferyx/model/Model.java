package dev.inferyx.model;

import dev.inferyx.core.Input;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.TensorSpec;
import java.util.List;

/**
 * The model SPI: a batch of inputs in, one {@link ItemResult} per input out, in the same order.
 *
 * <p>Implementations must be safe to call from several worker threads at once (each call gets its own batch).
 * A failure that affects the whole batch is thrown as {@link BatchFailedException}; a problem with one input
 * only is returned as {@link ItemResult.Failure} for that input.
 */
public interface Model extends AutoCloseable {

    /** Runs one batch. The returned list has exactly {@code inputs.size()} elements. */
    List<ItemResult> infer(List<Input> inputs) throws BatchFailedException, InterruptedException;

    /** Runs a representative call so the first client does not pay for lazy initialisation. */
    default void warmUp() throws BatchFailedException, InterruptedException {
    }

    /**
     * The tensors this model takes and returns, as the Open Inference Protocol reports them. The default is a text
     * model: one BYTES input {@code text} of shape {@code [-1]} and one BYTES output {@code text} of the same
     * shape (see {@link TextBatch}).
     */
    default Signature signature() {
        return Signature.text(new TensorSpec("text", DataType.BYTES, List.of(TensorSpec.ANY)));
    }

    /**
     * The platform the Open Inference Protocol's metadata and Triton's model configuration report
     * ({@code onnxruntime_onnx} for an ONNX file run as it is); {@code inferyx} for models that only Inferyx runs.
     */
    default String platform() {
        return "inferyx";
    }

    /** Short description for {@code GET /models} (kind and main settings). */
    String describe();

    @Override
    default void close() {
    }
}
