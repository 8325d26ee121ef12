package dev.inferyx.model;

/**
 * The batch was too large for the device. Smaller batches may succeed, so a retry policy can split it
 * instead of failing every job in it.
 */
public class OutOfMemoryBatchException extends BatchFailedException {
    private final int batchSize;

    public OutOfMemoryBatchException(int batchSize, String message) {
        super("out_of_memory", message, true);
        this.batchSize = batchSize;
    }

    public int batchSize() {
        return batchSize;
    }
}
