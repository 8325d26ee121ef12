package dev.inferyx.retry;

/** How a failed batch is classified for retrying; the worker maps the model's exception to one of these. */
public enum FailureKind {
    /** A model or dependency hiccup: running it again may succeed. */
    TRANSIENT,
    /** Invalid input, a non-retryable model error: running it again cannot help. */
    PERMANENT,
    /** The batch did not fit the device: smaller batches may. */
    OUT_OF_MEMORY
}
