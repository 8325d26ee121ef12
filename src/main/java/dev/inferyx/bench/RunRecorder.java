package dev.inferyx.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collects one run's outcomes: successful latencies in an HdrHistogram (microseconds, 3 significant digits, up to
 * one hour), counts by submit status and by error code, in-flight requests, and a per-interval timeline.
 * Requests whose start (intended start, in open loop) falls before {@code measureStartNanos} are warmup: they
 * count for live progress only. {@link #record} is thread-safe and lock-free for the recording threads;
 * {@link #tick} and {@link #snapshot} are synchronized and meant for one reporting thread.
 */
public final class RunRecorder {

    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    /** One interval of the timeline. Latencies in milliseconds; {@code NaN} when no request succeeded. */
    public record TimelinePoint(double atSeconds, double completedPerSecond, double p50Ms, double p99Ms,
                                double maxMs, long errors) {}

    /** Live figures for the progress line. */
    public record Progress(boolean warmingUp, double completedPerSecond, int inFlight, long errors, double p99Ms) {}

    private final long measureStartNanos;
    private final long measureEndNanos;
    private final LongSupplier nanoTime;
    private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
    private final LongAdder ok = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder errorsAll = new LongAdder();
    private final LongAdder completedInWindow = new LongAdder();
    private final LongAdder offered = new LongAdder();
    private final LongAdder completedAll = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<TimelinePoint> timeline = new ArrayList<>();
    private long lastTickNanos;
    private long lastCompletedAll;
    private long lastErrors;

    /** Measures requests that start in [{@code measureStartNanos}, {@code measureEndNanos}) on {@link System#nanoTime()}. */
    public RunRecorder(long measureStartNanos, long measureEndNanos) {
        this(measureStartNanos, measureEndNanos, System::nanoTime);
    }

    /** As above, on {@code nanoTime} instead of {@link System#nanoTime()} (the load generator's clock). */
    RunRecorder(long measureStartNanos, long measureEndNanos, LongSupplier nanoTime) {
        if (measureEndNanos <= measureStartNanos) {
            throw new IllegalArgumentException("measurement window must be non-empty, was "
                    + (measureEndNanos - measureStartNanos) + " ns");
        }
        this.measureStartNanos = measureStartNanos;
        this.measureEndNanos = measureEndNanos;
        this.nanoTime = nanoTime;
        this.lastTickNanos = nanoTime.getAsLong();
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** A request that was {@link #started()} ended. Latency is {@code endNanos - startNanos}. */
    public void finished(long startNanos, long endNanos, Outcome outcome) {
        inFlight.decrementAndGet();
        record(startNanos, endNanos, outcome);
    }

    /** Records an outcome; for a request that was never sent (dropped) pass equal start and end. */
    public void record(long startNanos, long endNanos, Outcome outcome) {
        completedAll.increment();
        if (!outcome.isOk()) {
            errorsAll.increment();
        }
        // Throughput counts responses that arrive inside the window whenever they were sent: at the edges,
        // requests sent in warmup and answered in the window balance those sent late and answered after it.
        if (endNanos >= measureStartNanos && endNanos < measureEndNanos && outcome.status() != 0) {
            completedInWindow.increment();
        }
        if (startNanos < measureStartNanos || startNanos >= measureEndNanos) {
            return;
        }
        offered.increment();
        statuses.computeIfAbsent(outcome.status(), s -> new LongAdder()).increment();
        if (outcome.isOk()) {
            ok.increment();
            long micros = Math.max(1, (endNanos - startNanos) / 1_000);
            latency.recordValue(Math.min(micros, HIGHEST_MICROS));
        } else {
            errors.increment();
            errorCodes.computeIfAbsent(outcome.errorCode(), c -> new LongAdder()).increment();
        }
    }

    /** Closes the current interval: folds it into the totals and, once measuring, appends a timeline point. */
    public synchronized Progress tick() {
        long now = nanoTime.getAsLong();
        Histogram interval = latency.getIntervalHistogram();
        total.add(interval);
        double seconds = Math.max(1e-9, (now - lastTickNanos) / 1e9);
        long completed = completedAll.sum();
        long errorCount = errorsAll.sum();
        double rate = (completed - lastCompletedAll) / seconds;
        if (now > measureStartNanos) {
            timeline.add(new TimelinePoint((now - measureStartNanos) / 1e9, rate, ms(interval, 50),
                    ms(interval, 99), interval.getTotalCount() == 0 ? Double.NaN : interval.getMaxValue() / 1000.0,
                    errorCount - lastErrors));
        }
        lastTickNanos = now;
        lastCompletedAll = completed;
        lastErrors = errorCount;
        return new Progress(now < measureStartNanos, rate, inFlight.get(), errorCount, ms(total, 99));
    }

    /** The measured window's figures so far (call {@link #tick()} first to include the latest interval). */
    public synchronized RunStats snapshot() {
        return new RunStats((measureEndNanos - measureStartNanos) / 1e9, total.copy(), ok.sum(), errors.sum(),
                offered.sum(), completedInWindow.sum(), counts(statuses), counts(errorCodes), List.copyOf(timeline));
    }

    private static <K> Map<K, Long> counts(Map<K, LongAdder> adders) {
        Map<K, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
