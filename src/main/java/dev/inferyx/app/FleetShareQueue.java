package dev.inferyx.app;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.DeadLetterQueue;
import dev.inferyx.queue.Finish;
import dev.inferyx.queue.FinishOutcome;
import dev.inferyx.queue.FinishResult;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.JobStore;
import dev.inferyx.queue.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A worker process's view of a shared queue for sizing its pools: {@link #stats} reports this process's share of
 * the fleet-wide backlog (queued jobs divided by live worker processes, rounded up), so N worker processes do not
 * all scale to their maximum for one backlog. Everything else passes through. Thread-safe when the delegate is.
 */
final class FleetShareQueue implements JobQueue {

    private final JobQueue delegate;
    private final IntSupplier liveWorkers;

    FleetShareQueue(JobQueue delegate, IntSupplier liveWorkers) {
        this.delegate = delegate;
        this.liveWorkers = liveWorkers;
    }

    @Override
    public void admit(Job job, int bound) throws QueueFullException {
        delegate.admit(job, bound);
    }

    @Override
    public List<Job> claim(String model, int max, Duration maxWait) throws InterruptedException {
        return delegate.claim(model, max, maxWait);
    }

    @Override
    public FinishResult finish(JobId id, Completion completion) {
        return delegate.finish(id, completion);
    }

    /** Passed down whole: the default would split the batch into one round trip per job. */
    @Override
    public List<FinishOutcome> finishAll(List<Finish> finishes) {
        return delegate.finishAll(finishes);
    }

    @Override
    public void record(Job finished) {
        delegate.record(finished);
    }

    @Override
    public void hold(Job follower) {
        delegate.hold(follower);
    }

    @Override
    public Job retry(JobId id, JobError error, Instant nextAttemptAt) {
        return delegate.retry(id, error, nextAttemptAt);
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
        QueueStats fleet = delegate.stats(model);
        int processes = Math.max(1, liveWorkers.getAsInt());
        int share = (fleet.queued() + processes - 1) / processes;
        return new QueueStats(share, fleet.unfinished());
    }

    @Override
    public JobStore store() {
        return delegate.store();
    }
}
