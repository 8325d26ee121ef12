package dev.inferyx.metrics;

import dev.inferyx.core.JobStatus;
import java.time.Duration;

/**
 * Everything the engine reports, as events. The pipeline calls these and never imports a metrics library;
 * {@link #NOOP} is the default so any component works without metrics. Implementations must be thread-safe
 * and cheap (called on hot paths).
 */
public interface Metrics {

    Metrics NOOP = new Metrics() {
    };

    /** A request for {@code model} was admitted to its queue. */
    default void requestAccepted(String model) {
    }

    /**
     * A request was refused before admission; {@code reason} is the error code (e.g. {@code queue_full},
     * {@code invalid_input}, {@code unauthorized}, {@code draining}). {@code model} is {@code "unknown"} when the
     * request never named a valid model.
     */
    default void requestRejected(String model, String reason) {
    }

    /** A job reached a terminal state; {@code endToEnd} runs from admission to now. */
    default void jobFinished(String model, JobStatus status, Duration endToEnd) {
    }

    /** A claimed job was not run; {@code reason} e.g. {@code deadline_expired}, {@code shutdown}. */
    default void jobSkipped(String model, String reason) {
    }

    /** A job waited {@code wait} between admission and being claimed into a batch. */
    default void queueWait(String model, Duration wait) {
    }

    /** A batch of {@code size} jobs ran for {@code inference}; {@code failureReason} is null on success. */
    default void batchCompleted(String model, int size, Duration inference, String failureReason) {
    }

    /** A worker thread started. */
    default void workerStarted(String model) {
    }

    /** A worker retired after living {@code lifespan}. */
    default void workerRetired(String model, Duration lifespan) {
    }

    /** The pool changed size: {@code direction} is {@code up} or {@code down}. */
    default void scaled(String model, String direction) {
    }

    /** An HTTP response was sent for {@code route} (the route pattern, not the raw path). */
    default void httpResponse(String method, String route, int status, Duration latency) {
    }

    /** A job will run again: its run failed with {@code reason} (the error code) and it has attempts left. */
    default void retryScheduled(String model, String reason) {
    }

    /** A job failed for good after its last allowed attempt. */
    default void jobExhausted(String model) {
    }

    /** A job that could have retried failed fast because the model's retry budget was spent. */
    default void retryBudgetExhausted(String model) {
    }

    /**
     * {@code count} dead letters of {@code model} were replayed (queued again); they will finish a second time, so
     * finished = accepted + replayed.
     */
    default void deadLettersReplayed(String model, int count) {
    }

    /** A model's circuit breaker moved {@code from} one state {@code to} another (closed, open, half_open). */
    default void breakerTransition(String model, String from, String to) {
    }

    /** A result-cache lookup for {@code model}: a hit (served without running the model) or a miss. */
    default void cacheLookup(String model, boolean hit) {
    }

    /** The result cache dropped an entry; {@code reason} is {@code size} or {@code expired} (or the backend's). */
    default void cacheEvicted(String reason) {
    }

    /** A request joined an identical one already in flight for {@code model} instead of running the model. */
    default void coalesced(String model) {
    }

    /** Registers the live size of the result cache; called once at startup. */
    default void registerCache(java.util.function.LongSupplier entries) {
    }

    /**
     * Registers live gauges for a model: once per model at startup, and again when the model repository loads or
     * reloads it (replacing what was registered under that name).
     */
    default void registerModel(String model, ModelGauges gauges) {
    }

    /**
     * {@code model} is no longer served (unloaded from the model repository): its live gauges stop being reported,
     * until {@link #registerModel} registers them again. Counters and histograms keep their totals.
     */
    default void unregisterModel(String model) {
    }
}
