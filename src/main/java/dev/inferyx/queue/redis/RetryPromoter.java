package dev.inferyx.queue.redis;

import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts due retries of every model back on their streams, whether or not any worker is claiming that model.
 *
 * <p>Each claim promotes its own model's due retries, but a model nobody claims (every worker busy on a long
 * batch, or no worker serving it yet) would keep them in its retry set: invisible to the queue-depth gauges and
 * to KEDA, and late. So each worker process runs one promoter: a virtual thread that promotes every model's due
 * retries in one script call ({@link RedisJobQueue#promoteDueRetries}), then sleeps until the earliest retry still
 * waiting is due, or {@code maxInterval} at most (a retry another process schedules meanwhile is seen at the next
 * pass). Due times are read from the queue's injected clock; the sleep is real time. Racing promoters are
 * serialised by Redis and never move a job twice. When Redis is unreachable it logs once and waits
 * {@code maxInterval} before the next pass.
 *
 * <p>Thread-safe; {@link #close} stops the thread.
 */
public final class RetryPromoter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RetryPromoter.class.getName());
    /** The most due retries moved by one pass; the next pass follows at once when there were more. */
    static final int BATCH = 1000;

    private final RedisJobQueue queue;
    private final Duration maxInterval;
    private final Thread thread;
    /** Whether the last pass failed, so an outage is logged once; touched only by the promoting thread. */
    private boolean failing;

    private RetryPromoter(RedisJobQueue queue, Duration maxInterval) {
        this.queue = queue;
        this.maxInterval = maxInterval;
        this.thread = Thread.ofVirtual().name("inferyx-retry-promoter").start(this::loop);
    }

    /** Starts promoting for {@code queue}'s Redis; passes are at most {@code maxInterval} (> 0) apart. */
    public static RetryPromoter start(RedisJobQueue queue, Duration maxInterval) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(maxInterval, "maxInterval");
        if (maxInterval.isNegative() || maxInterval.isZero()) {
            throw new IllegalArgumentException("retry promotion interval must be positive, was "
                    + DurationFormat.format(maxInterval));
        }
        return new RetryPromoter(queue, maxInterval);
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(pass());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close(): the thread ends
        }
    }

    /** One promotion pass; returns how long to sleep before the next. */
    Duration pass() {
        RedisJobQueue.Promotion promotion;
        try {
            promotion = queue.promoteDueRetries(BATCH);
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.log(Level.WARNING, "promoting due retries failed; trying again every " + maxInterval, e);
                failing = true;
            }
            return maxInterval;
        }
        failing = false;
        if (promotion.promoted() >= BATCH) {
            return Duration.ZERO; // more are due: carry on at once
        }
        return promotion.nextDue().map(this::untilDue).orElse(maxInterval);
    }

    private Duration untilDue(Instant due) {
        Duration wait = Duration.between(queue.clock().instant(), due);
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(maxInterval) > 0 ? maxInterval : wait;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
