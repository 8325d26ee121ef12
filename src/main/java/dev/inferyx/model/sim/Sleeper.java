package dev.inferyx.model.sim;

import java.time.Duration;

/**
 * Spends a simulated model's compute time. The real one blocks the calling worker thread, which is the point
 * of a simulated GPU; tests pass a fake that records the durations and returns at once.
 *
 * <p>Implementations must be thread-safe: several workers call one model at once.
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks for {@code duration} (zero returns at once); throws if the thread is interrupted meanwhile. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real clock: {@link Thread#sleep(Duration)}. */
    static Sleeper real() {
        return Thread::sleep;
    }
}
