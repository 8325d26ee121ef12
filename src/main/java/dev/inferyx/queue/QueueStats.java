package dev.inferyx.queue;

/**
 * A snapshot of one model's queue.
 *
 * @param queued     jobs waiting to be claimed by a batch
 * @param unfinished jobs admitted and not yet terminal (queued + batching + running); what admission bounds
 */
public record QueueStats(int queued, int unfinished) {
    public static final QueueStats EMPTY = new QueueStats(0, 0);

    public QueueStats {
        if (queued < 0 || unfinished < 0) {
            throw new IllegalArgumentException("counts must not be negative: queued=" + queued
                    + " unfinished=" + unfinished);
        }
    }
}
