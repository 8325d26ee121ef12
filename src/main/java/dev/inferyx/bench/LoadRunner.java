package dev.inferyx.bench;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drives load against a {@link RequestSender} in one of two shapes and returns the measured window.
 * <ul>
 * <li><b>Closed loop</b>: N virtual-thread clients, each sending its next request when the previous one ends.
 *     Latency runs from the actual send.</li>
 * <li><b>Open loop</b>: Poisson arrivals following a {@link RateSchedule}, independent of how fast the server
 *     answers. The schedule of intended send times is computed from a seeded random source, and latency runs
 *     from the <em>intended</em> send time, so a server (or client) stall shows in the latencies of every request
 *     it delayed instead of silently thinning the sample (no coordinated omission). In-flight requests are bounded;
 *     an arrival that finds the bound full is counted as an error ({@link Outcome#DROPPED}) and the schedule goes
 *     on.</li>
 * </ul>
 * Time is the JVM's monotonic {@link System#nanoTime()}: measuring real time is the point of this class (tests
 * substitute a virtual {@link LoadClock} to check the schedule-keeping logic). A run blocks the calling thread; one
 * instance may run several runs one after another.
 */
public final class LoadRunner {

    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final RequestSender sender;
    private final InputGenerator inputs;
    private final Consumer<RunRecorder.Progress> progress;
    private final LoadClock clock;
    private final Supplier<ExecutorService> threads;

    /** @param progress called about once a second from a reporting thread with live figures */
    public LoadRunner(RequestSender sender, InputGenerator inputs, Consumer<RunRecorder.Progress> progress) {
        this(sender, inputs, progress, LoadClock.SYSTEM, Executors::newVirtualThreadPerTaskExecutor);
    }

    /**
     * The seam for tests: {@code clock} times sends and paces the open-loop schedule; {@code threads} makes the
     * executor (one per run, closed when the run ends) that runs closed-loop clients and open-loop requests.
     */
    LoadRunner(RequestSender sender, InputGenerator inputs, Consumer<RunRecorder.Progress> progress, LoadClock clock,
               Supplier<ExecutorService> threads) {
        this.sender = sender;
        this.inputs = inputs;
        this.progress = progress;
        this.clock = clock;
        this.threads = threads;
    }

    /** Closed loop with {@code concurrency} (>= 1) clients for {@code warmup} then {@code duration} (> 0). */
    public RunStats closedLoop(int concurrency, Duration warmup, Duration duration) throws InterruptedException {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        long start = clock.nanoTime();
        RunRecorder recorder = recorder(start, warmup, duration);
        long end = start + warmup.toNanos() + duration.toNanos();
        try (Reporter reporter = new Reporter(recorder); ExecutorService clients = threads.get()) {
            for (int i = 0; i < concurrency; i++) {
                clients.submit(() -> {
                    long sent;
                    while ((sent = clock.nanoTime()) < end && !Thread.currentThread().isInterrupted()) {
                        String input = inputs.next().text();
                        recorder.started();
                        Outcome outcome = sendQuietly(input);
                        recorder.finished(sent, clock.nanoTime(), outcome);
                    }
                });
            }
            clients.close(); // waits for every client to finish its last request
            reporter.closeAndTick();
        }
        return recorder.snapshot();
    }

    /**
     * Open loop following {@code schedule} for {@code warmup} then {@code duration}, with at most
     * {@code maxInFlight} (>= 1) requests outstanding. Arrivals are drawn from {@code seed}.
     */
    public RunStats openLoop(RateSchedule schedule, Duration warmup, Duration duration, int maxInFlight, long seed)
            throws InterruptedException {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in-flight must be >= 1, was " + maxInFlight);
        }
        Random arrivals = new Random(seed);
        long start = clock.nanoTime();
        RunRecorder recorder = recorder(start, warmup, duration);
        long end = start + warmup.toNanos() + duration.toNanos();
        try (Reporter reporter = new Reporter(recorder); ExecutorService requests = threads.get()) {
            double t = 0;
            while (true) {
                // Exponential gaps make a Poisson process; the rate is read at the current point of the schedule.
                t += -Math.log(1 - arrivals.nextDouble()) / schedule.ratePerSecond(t);
                long intended = start + (long) (t * 1e9);
                if (intended >= end) {
                    break;
                }
                clock.sleepUntil(intended);
                String input = inputs.next().text();
                if (recorder.inFlight() >= maxInFlight) {
                    recorder.record(intended, intended, new Outcome(0, Outcome.DROPPED));
                    continue;
                }
                recorder.started(); // only this thread increments, so the bound check above cannot race
                requests.submit(() -> {
                    Outcome outcome = sendQuietly(input);
                    recorder.finished(intended, clock.nanoTime(), outcome);
                });
            }
            requests.close(); // drain: requests sent inside the window still count with their full latency
            reporter.closeAndTick();
        }
        return recorder.snapshot();
    }

    private Outcome sendQuietly(String input) {
        try {
            return sender.send(input);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted");
        } catch (RuntimeException e) {
            return new Outcome(0, "client_error");
        }
    }

    private RunRecorder recorder(long start, Duration warmup, Duration duration) {
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must be >= 0, was " + warmup);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
        long measureStart = start + warmup.toNanos();
        return new RunRecorder(measureStart, measureStart + duration.toNanos(), clock::nanoTime);
    }

    /**
     * Ticks the recorder once a second on a daemon thread and hands the figures to the progress consumer. Paced on
     * real time whatever the clock: progress is for the person watching the run.
     */
    private final class Reporter implements AutoCloseable {
        private final RunRecorder recorder;
        private final Thread thread;
        private volatile boolean running = true;

        Reporter(RunRecorder recorder) {
            this.recorder = recorder;
            this.thread = Thread.ofPlatform().daemon().name("bench-progress").start(this::loop);
        }

        private void loop() {
            long next = System.nanoTime() + PROGRESS_INTERVAL_NANOS;
            while (running) {
                LockSupport.parkNanos(next - System.nanoTime());
                if (!running) {
                    return;
                }
                if (System.nanoTime() >= next) {
                    progress.accept(recorder.tick());
                    next += PROGRESS_INTERVAL_NANOS;
                }
            }
        }

        /** Stops the thread and folds the last partial interval into the totals. */
        void closeAndTick() throws InterruptedException {
            stop();
            thread.join();
            recorder.tick();
        }

        private void stop() {
            running = false;
            LockSupport.unpark(thread);
        }

        @Override
        public void close() {
            stop();
        }
    }
}
