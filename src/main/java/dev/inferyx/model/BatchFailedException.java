package dev.inferyx.model;

/**
 * The whole batch failed (a crashed kernel, a flaky dependency). Every job in it gets this error;
 * {@link #isRetryable()} tells a retry policy whether running it again can help.
 */
public class BatchFailedException extends Exception {
    private final String code;
    private final boolean retryable;

    public BatchFailedException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public BatchFailedException(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
