package dev.inferyx.queue;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.metrics.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Records queue metrics around any {@link JobQueue}, so every backend is measured the same way: accepted and
 * rejected admissions, each claimed job's queue wait, and each job that reaches a terminal state.
 *
 * <p>A job is counted as finished only when {@link JobQueue#finish} reports that <em>this</em> call moved it
 * ({@link FinishResult#transitioned()}); the backend decides that inside its atomic finish step, so idempotent
 * no-ops (shutdown races, redeliveries) are never double-counted, with no check-then-act race here.
 *
 * <p>Thread-safe when the delegate and the metrics are.
 */
public final class MeteredJobQueue implements JobQueue {

    private final JobQueue delegate;
    private final Metrics metrics;
    private final InstantSource clock;

    public MeteredJobQueue(JobQueue delegate, Metrics metrics, InstantSource clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void admit(Job job, int bound) throws QueueFullException {
        try {
            delegate.admit(job, bound);
        } catch (QueueFullException e) {
            metrics.requestRejected(job.model(), e.code());
            throw e;
        }
        metrics.requestAccepted(job.model());
    }

    /** Counted as accepted and finished, so accepted = finished + unfinished holds for every path. */
    @Override
    public void record(Job finished) {
        delegate.record(finished);
        metrics.requestAccepted(finished.model());
        Instant finishedAt = finished.finishedAt().orElse(finished.createdAt());
        metrics.jobFinished(finished.model(), finished.status(),
                nonNegative(Duration.between(finished.createdAt(), finishedAt)));
    }

    @Override
    public void hold(Job follower) {
        delegate.hold(follower);
        metrics.requestAccepted(follower.model());
    }

    @Override
    public List<Job> claim(String model, int max, Duration maxWait) throws InterruptedException {
        List<Job> claimed = delegate.claim(model, max, maxWait);
        if (!claimed.isEmpty()) {
            Instant now = clock.instant();
            for (Job job : claimed) {
                metrics.queueWait(model, nonNegative(Duration.between(job.createdAt(), now)));
            }
        }
        return claimed;
    }

    @Override
    public FinishResult finish(JobId id, Completion completion) {
        FinishResult result = delegate.finish(id, completion);
        countFinished(result);
        return result;
    }

    /** Passed down whole, so the backend's batch step is kept; each job this call moved is counted once. */
    @Override
    public List<FinishOutcome> finishAll(List<Finish> finishes) {
        List<FinishOutcome> outcomes = delegate.finishAll(finishes);
        for (FinishOutcome outcome : outcomes) {
            if (outcome instanceof FinishResult result) {
                countFinished(result);
            }
        }
        return outcomes;
    }

    private void countFinished(FinishResult result) {
        if (result.transitioned()) {
            Job job = result.job();
            Instant finishedAt = job.finishedAt().orElseGet(clock::instant);
            metrics.jobFinished(job.model(), job.status(), nonNegative(Duration.between(job.createdAt(), finishedAt)));
        }
    }

    @Override
    public Job retry(JobId id, dev.inferyx.core.JobError error, Instant nextAttemptAt) {
        Job job = delegate.retry(id, error, nextAttemptAt);
        if (!job.status().isTerminal()) { // moved by this call (QUEUED again at once if already due)
            metrics.retryScheduled(job.model(), error.code());
        }
        return job;
    }

    @Override
    public void requeueRetrying(String model) {
        delegate.requeueRetrying(model);
    }

    @Override
    public DeadLetterQueue deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public QueueStats stats(String model) {
        return delegate.stats(model);
    }

    @Override
    public JobStore store() {
        return delegate.store();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Clock skew between the admitting node and this one must not produce negative histogram samples. */
    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
