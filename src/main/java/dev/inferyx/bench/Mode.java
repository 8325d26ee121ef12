package dev.inferyx.bench;

/** How a benchmark request learns its result. */
public enum Mode {
    /** {@code POST /infer?wait=...}: one call; a 202 (took longer than the wait) falls back to polling. */
    WAIT,
    /** {@code POST /infer} (202), then {@code GET /result/{id}?wait=...} long-polls until the job is terminal. */
    POLL,
    /**
     * {@code POST /v2/models/{model}/infer} (Open Inference Protocol), answered synchronously: the input as a BYTES
     * tensor {@code text}, or a fixed request body ({@link Benchmark.Plan#payload()}).
     */
    V2
}
