package dev.inferyx.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Monotonic time for the load generator, in nanoseconds on an arbitrary origin (like {@link System#nanoTime()}).
 * Production uses {@link #SYSTEM}; tests supply a virtual clock so the schedule-keeping logic can be checked
 * without depending on how fast the machine is. Implementations must be thread-safe.
 */
interface LoadClock {

    long nanoTime();

    /** Returns once {@link #nanoTime()} has reached {@code nanoTime}; at once if it already has. */
    void sleepUntil(long nanoTime) throws InterruptedException;

    /** The JVM's monotonic clock; sleeping parks the calling thread. */
    LoadClock SYSTEM = new LoadClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long nanoTime) throws InterruptedException {
            long left;
            while ((left = nanoTime - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("open-loop schedule interrupted");
                }
            }
        }
    };
}
