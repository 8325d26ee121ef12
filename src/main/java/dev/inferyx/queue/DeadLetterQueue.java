package dev.inferyx.queue;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Jobs that failed for good after retryable failures (attempts or retry budget exhausted), kept so an operator
 * can look at them and replay them. Bounded: an entry leaves after the retention TTL, and the oldest go first
 * when the backend's maximum is reached. Entries are listed in the order they were dead-lettered.
 *
 * <p>Replay is the one way out of FAILED ({@link Job#replayed()}): the job is QUEUED again with a fresh attempt
 * count, atomically with leaving this queue. Replays are operator actions and are not bounded by the model's
 * admission limit. Thread-safe.
 */
public interface DeadLetterQueue {

    /**
     * A page of entries, oldest first, optionally of one model only.
     *
     * @param limit  at most this many (>= 1)
     * @param cursor from a previous page's {@link DeadLetterPage#next()}; empty = from the start
     * @throws IllegalArgumentException for a malformed cursor or limit
     */
    DeadLetterPage list(Optional<String> model, int limit, Optional<String> cursor);

    /**
     * The position a cursor stands for: both backends hand out a letter's sequence number, a non-negative long.
     *
     * @throws IllegalArgumentException if {@code cursor} is not one
     */
    static long cursorPosition(String cursor) {
        try {
            long value = Long.parseLong(cursor);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed cursor \"" + cursor + "\"");
        }
    }

    /** The dead-lettered record of one job, if it is in this queue. */
    Optional<Job> find(JobId id);

    /**
     * Takes the job out of this queue and queues it again (QUEUED, attempts 0); returns the queued record.
     *
     * @throws NoSuchElementException when the job is not in this queue
     */
    Job replay(JobId id);

    /** The ids of every entry (of one model, or all), oldest first: a snapshot, entries may leave meanwhile. */
    List<JobId> ids(Optional<String> model);

    /** Replays every entry (of one model, or all); returns how many were queued again. */
    default int replayAll(Optional<String> model) {
        int replayed = 0;
        for (JobId id : ids(model)) {
            try {
                replay(id);
                replayed++;
            } catch (NoSuchElementException goneMeanwhile) {
                // replayed or purged by someone else since the listing: nothing to do
            }
        }
        return replayed;
    }

    /** Drops every entry (of one model, or all); returns how many were dropped. The jobs stay FAILED. */
    int purge(Optional<String> model);

    /** Entries held for {@code model} (the DLQ depth gauge). */
    int count(String model);
}
