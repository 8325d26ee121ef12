package dev.inferyx.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LoadClock} on virtual time: sleeping jumps the clock forward at once instead of waiting, so a test of
 * the load generator runs in milliseconds and gives the same figures however busy the machine is. Each
 * {@link #sleepUntil} target is kept: in an open-loop run they are the schedule of intended send times.
 * Thread-safe, but only deterministic when one thread at a time moves the clock.
 */
final class VirtualClock implements LoadClock {

    /** Where time starts: arbitrary and far from zero, so code that assumes a zero origin shows up. */
    static final long ORIGIN = 1_000_000_000_000L;

    private final List<Long> wakeUps = new ArrayList<>();
    private final List<Alarm> alarms = new ArrayList<>();
    private long now = ORIGIN;

    private record Alarm(long at, Runnable action) {}

    /** {@code t} after {@link #ORIGIN}, in the clock's nanoseconds. */
    static long at(Duration t) {
        return ORIGIN + t.toNanos();
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void sleepUntil(long nanoTime) {
        synchronized (this) {
            wakeUps.add(nanoTime);
        }
        advanceTo(nanoTime);
    }

    /** Moves time forward to {@code nanoTime} (never back) without recording a wake-up: for fakes doing work. */
    void advanceTo(long nanoTime) {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            now = Math.max(now, nanoTime);
            alarms.removeIf(a -> a.at() <= now && due.add(a.action()));
        }
        due.forEach(Runnable::run); // outside the lock: an action may wake threads that read the clock
    }

    /** Runs {@code action} once, on the thread that moves time to {@code nanoTime} or past it. */
    synchronized void whenReaching(long nanoTime, Runnable action) {
        alarms.add(new Alarm(nanoTime, action));
    }

    /** The targets of every {@link #sleepUntil} so far, in call order. */
    synchronized List<Long> wakeUps() {
        return List.copyOf(wakeUps);
    }
}
