package dev.inferyx.metrics;

import dev.inferyx.core.JobStatus;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-model cumulative counts and durations, accumulated from the {@link Metrics} events this process sees, in the
 * terms of Triton's statistics extension ({@code GET /v2/models/{m}/stats}). Only what is measured is kept:
 * <ul>
 *   <li>{@code success} / {@code fail}: jobs that finished DONE / FAILED or EXPIRED, and their time from admission
 *       to finish (cache hits included, as DONE with zero duration or their lookup's);</li>
 *   <li>{@code queue}: jobs claimed into a batch, and their time from admission to the claim;</li>
 *   <li>{@code compute_infer}: per job in a batch the model ran without a batch failure, the batch's time from the
 *       model call to its jobs' results being stored (each job of a batch of n is charged the whole batch time,
 *       as Triton does);</li>
 *   <li>{@code cache_hit} / {@code cache_miss}: result-cache lookups (counts only; lookup time is not measured);</li>
 *   <li>per batch size: how many batches of that size ran, and their total time.</li>
 * </ul>
 * Compute is not split into input/infer/output phases, so those are absent rather than invented. A gateway
 * process runs no batches, so its execution figures stay 0; a worker process admits nothing.
 * Thread-safe; every event is a few lock-free additions.
 */
public final class InferenceStatistics implements Metrics {

    private final InstantSource clock;
    private final Map<String, Counters> models = new ConcurrentHashMap<>();

    public InferenceStatistics(InstantSource clock) {
        this.clock = clock;
    }

    /** A count and its cumulative duration in nanoseconds. */
    public record Tally(long count, long ns) {
    }

    /** One batch size's executions and their cumulative time. */
    public record BatchSize(long size, Tally compute) {
    }

    /**
     * One model's figures.
     *
     * @param lastInference   epoch milliseconds of the last batch the model ran, 0 if none
     * @param inferenceCount  jobs in batches the model ran without a batch failure
     * @param executionCount  batches the model ran without a batch failure
     */
    public record Snapshot(long lastInference, long inferenceCount, long executionCount, Tally success,
                           Tally fail, Tally queue, Tally computeInfer, long cacheHits, long cacheMisses,
                           java.util.List<BatchSize> batches) {
    }

    /** The figures of {@code model}; all zero when this process saw nothing of it. */
    public Snapshot snapshot(String model) {
        return Optional.ofNullable(models.get(model)).map(Counters::snapshot)
                .orElseGet(() -> new Counters().snapshot());
    }

    @Override
    public void jobFinished(String model, JobStatus status, Duration endToEnd) {
        Counters c = counters(model);
        if (status == JobStatus.DONE) {
            c.success.add(endToEnd);
        } else {
            c.fail.add(endToEnd);
        }
    }

    @Override
    public void queueWait(String model, Duration wait) {
        counters(model).queue.add(wait);
    }

    @Override
    public void batchCompleted(String model, int size, Duration inference, String failureReason) {
        Counters c = counters(model);
        c.lastInference.accumulateAndGet(clock.millis(), Math::max);
        if (failureReason != null) {
            return;
        }
        c.executions.increment();
        c.inferences.add(size);
        c.computeInfer.add(size, inference.toNanos() * size);
        c.batches.computeIfAbsent((long) size, s -> new Accumulator()).add(inference);
    }

    @Override
    public void cacheLookup(String model, boolean hit) {
        (hit ? counters(model).cacheHits : counters(model).cacheMisses).increment();
    }

    private Counters counters(String model) {
        return models.computeIfAbsent(model, m -> new Counters());
    }

    private static final class Accumulator {
        private final LongAdder count = new LongAdder();
        private final LongAdder ns = new LongAdder();

        void add(Duration d) {
            add(1, d.toNanos());
        }

        void add(long n, long nanos) {
            count.add(n);
            ns.add(nanos);
        }

        Tally read() {
            return new Tally(count.sum(), ns.sum());
        }
    }

    private static final class Counters {
        final AtomicLong lastInference = new AtomicLong();
        final LongAdder inferences = new LongAdder();
        final LongAdder executions = new LongAdder();
        final Accumulator success = new Accumulator();
        final Accumulator fail = new Accumulator();
        final Accumulator queue = new Accumulator();
        final Accumulator computeInfer = new Accumulator();
        final LongAdder cacheHits = new LongAdder();
        final LongAdder cacheMisses = new LongAdder();
        final Map<Long, Accumulator> batches = new ConcurrentHashMap<>();

        Snapshot snapshot() {
            SortedMap<Long, Accumulator> sorted = new TreeMap<>(batches);
            return new Snapshot(lastInference.get(), inferences.sum(), executions.sum(), success.read(),
                    fail.read(), queue.read(), computeInfer.read(), cacheHits.sum(), cacheMisses.sum(),
                    sorted.entrySet().stream().map(e -> new BatchSize(e.getKey(), e.getValue().read())).toList());
        }
    }
}
