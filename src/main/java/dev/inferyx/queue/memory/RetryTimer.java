package dev.inferyx.queue.memory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread per in-memory backend that moves due retries back to their queues: it runs a round (which
 * returns the next due time), then sleeps until that time or until an earlier retry is scheduled. The sleep is
 * capped at {@link #MAX_SLEEP} so a clock that jumps (or a test's fake clock) is noticed soon. Started lazily.
 */
final class RetryTimer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RetryTimer.class.getName());
    static final Duration MAX_SLEEP = Duration.ofMillis(100);

    private final Supplier<Instant> round;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private Instant plannedWake = Instant.MAX;
    private Thread thread;
    private boolean closed;

    RetryTimer(Supplier<Instant> round, InstantSource clock) {
        this.round = round;
        this.clock = clock;
    }

    /** Makes sure a round runs no later than {@code due}; starts the thread on first use. */
    void wakeBy(Instant due) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (thread == null) {
                thread = Thread.ofPlatform().name("inferyx-retry-timer").daemon(true).start(this::loop);
            }
            if (due.isBefore(plannedWake)) {
                plannedWake = due;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        try {
            while (true) {
                Instant next;
                try {
                    next = round.get();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "promoting due retries failed", e);
                    next = clock.instant().plus(MAX_SLEEP);
                }
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    plannedWake = next;
                    long nanos = next == Instant.MAX ? MAX_SLEEP.toNanos()
                            : Math.min(MAX_SLEEP.toNanos(), Math.max(0, Duration.between(clock.instant(), next)
                                    .toNanos()));
                    if (nanos > 0) {
                        wake.awaitNanos(nanos);
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close(): the thread ends
        }
    }

    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
