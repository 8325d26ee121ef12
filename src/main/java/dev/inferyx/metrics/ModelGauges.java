package dev.inferyx.metrics;

/** Live values read at scrape time for one model. Implementations must be cheap and thread-safe. */
public interface ModelGauges {

    /** Jobs waiting to be claimed. */
    int queued();

    /** Jobs admitted and not yet terminal (what admission bounds). */
    int unfinished();

    /** The admission bound. */
    int capacity();

    /** Live worker threads. */
    int workers();

    /** Workers running a batch right now. */
    int busyWorkers();

    /** Dead letters held (the DLQ depth). */
    default int deadLetters() {
        return 0;
    }

    /** The circuit breaker's state: {@code closed}, {@code open} or {@code half_open}. */
    default String breakerState() {
        return "closed";
    }
}
