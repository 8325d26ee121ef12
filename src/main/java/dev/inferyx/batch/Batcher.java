package dev.inferyx.batch;

import dev.inferyx.core.Job;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Forms one model's batches from its queue: up to {@link BatchPolicy#maxBatchSize()} jobs, cut at the latest
 * {@link BatchPolicy#maxBatchDelay()} after the oldest job in the batch arrived (see {@link BatchCut}). Jobs whose
 * deadline has passed are finished as EXPIRED instead of joining. A batch only ever holds jobs of this model.
 *
 * <p>Waits are real blocking waits on the queue; the cut time and deadlines are read from the injected clock.
 * Not thread-safe by design: one dispatcher thread per model calls {@link #nextBatch}.
 */
public final class Batcher {

    private final String model;
    private final BatchPolicy policy;
    private final JobQueue queue;
    private final InstantSource clock;
    private final Metrics metrics;

    public Batcher(String model, BatchPolicy policy, JobQueue queue, InstantSource clock, Metrics metrics) {
        this.model = Objects.requireNonNull(model, "model");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public Batcher(String model, BatchPolicy policy, JobQueue queue, InstantSource clock) {
        this(model, policy, queue, clock, Metrics.NOOP);
    }

    public String model() {
        return model;
    }

    /**
     * Forms the next batch: waits up to {@code idleWait} for a first job, then keeps claiming until the batch is
     * full or its cut time passes. Returns an empty list when nothing arrived (so the caller can check for
     * shutdown) or when everything claimed had already expired.
     *
     * <p>If interrupted after jobs were claimed, returns the batch formed so far with the interrupt flag set, so
     * the caller can finish those jobs and none is lost; interrupted before any claim, it throws.
     */
    public List<Job> nextBatch(Duration idleWait) throws InterruptedException {
        Objects.requireNonNull(idleWait, "idleWait");
        List<Job> first = queue.claim(model, policy.maxBatchSize(), idleWait);
        if (first.isEmpty()) {
            return List.of();
        }
        List<Job> batch = new ArrayList<>(policy.maxBatchSize());
        BatchCut cut = addLive(first, batch, null);
        if (cut == null) {
            return List.of(); // all expired: nothing to run, and no live job to measure a delay from
        }
        while (!cut.isFull(batch.size())) {
            // Recompute from the clock each round: the cut is a deadline, not a per-claim timeout.
            Duration remaining = cut.remainingWait(clock.instant());
            List<Job> more;
            try {
                more = queue.claim(model, cut.room(batch.size()), remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (more.isEmpty()) {
                break; // the queue waited out the remaining delay (or there was none): cut now
            }
            cut = addLive(more, batch, cut);
        }
        return batch;
    }

    /**
     * Adds the claimed jobs still worth running and expires the rest. Returns the cut moved to the oldest live
     * arrival (priority order means a later claim can bring an older job), or {@code cut} if none was live.
     */
    private BatchCut addLive(List<Job> claimed, List<Job> batch, BatchCut cut) {
        Instant now = clock.instant();
        BatchCut updated = cut;
        for (Job job : claimed) {
            if (job.isExpiredAt(now)) {
                queue.finishExpired(job.id());
                metrics.jobSkipped(model, "deadline_expired");
            } else {
                batch.add(job);
                updated = updated == null ? BatchCut.of(policy, job.createdAt()) : updated.withArrival(job.createdAt());
            }
        }
        return updated;
    }
}
