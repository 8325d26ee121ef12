/**
 * Dynamic batching: {@link dev.inferyx.batch.Batcher} claims one model's jobs until a batch is full or its
 * delay, measured from the oldest job's admission, runs out; the cut rules are the pure
 * {@link dev.inferyx.batch.BatchCut}.
 */
package dev.inferyx.batch;
