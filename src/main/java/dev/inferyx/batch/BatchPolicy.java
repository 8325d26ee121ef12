package dev.inferyx.batch;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * How a model's dynamic batcher cuts batches: at {@code maxBatchSize} jobs, or {@code maxBatchDelay} after the
 * <em>oldest</em> job in the batch arrived in the queue, whichever comes first. A delay of zero means "take
 * whatever is queued right now".
 */
public record BatchPolicy(int maxBatchSize, Duration maxBatchDelay) {

    public static final BatchPolicy DEFAULT = new BatchPolicy(32, Duration.ofMillis(5));

    public BatchPolicy {
        Objects.requireNonNull(maxBatchDelay, "max_batch_delay");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max_batch_size must be >= 1, was " + maxBatchSize);
        }
        if (maxBatchDelay.isNegative()) {
            throw new IllegalArgumentException("max_batch_delay must not be negative, was "
                    + DurationFormat.format(maxBatchDelay));
        }
    }
}
