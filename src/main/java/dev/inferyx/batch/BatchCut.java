package dev.inferyx.batch;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a forming batch must be cut: at {@code maxSize} jobs, or {@code maxDelay} after its oldest job arrived
 * in the queue (not after the batcher saw it), whichever comes first. Pure and immutable: the batcher asks it
 * questions with the current time, so it is tested with plain instants.
 *
 * @param maxSize       the most jobs in the batch (>= 1)
 * @param maxDelay      how long the oldest job may wait for the batch to fill (>= 0)
 * @param oldestArrival when the oldest job in the batch was admitted
 */
public record BatchCut(int maxSize, Duration maxDelay, Instant oldestArrival) {

    public BatchCut {
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(oldestArrival, "oldestArrival");
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1, was " + maxSize);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative, was " + DurationFormat.format(maxDelay));
        }
    }

    /** The cut for a batch whose oldest job arrived at {@code oldestArrival}. */
    public static BatchCut of(BatchPolicy policy, Instant oldestArrival) {
        return new BatchCut(policy.maxBatchSize(), policy.maxBatchDelay(), oldestArrival);
    }

    /** The same cut after a job that arrived at {@code arrival} joined: an older job pulls the cut earlier. */
    public BatchCut withArrival(Instant arrival) {
        return arrival.isBefore(oldestArrival) ? new BatchCut(maxSize, maxDelay, arrival) : this;
    }

    /** The instant the batch is due whatever its size. */
    public Instant cutAt() {
        return oldestArrival.plus(maxDelay);
    }

    public boolean isFull(int size) {
        return size >= maxSize;
    }

    /** How many more jobs fit; zero when full. */
    public int room(int size) {
        return Math.max(0, maxSize - size);
    }

    /** Time left before the cut; {@link Duration#ZERO} once it has passed. */
    public Duration remainingWait(Instant now) {
        Duration left = Duration.between(now, cutAt());
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean isDue(Instant now) {
        return !now.isBefore(cutAt());
    }
}
