package dev.inferyx.queue.memory;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.FinishResult;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link JobQueue}: one {@link ModelQueue} per model (priority desc, then admission order) and a
 * {@link MemoryJobStore} for the records.
 *
 * <p>Every write of a job (admit, claim, finish) happens under its model's lock, so each is one atomic step and
 * racing finishers of one job are serialised: exactly one transitions it, the others are no-ops.
 * {@code claim}'s {@code maxWait} is real elapsed time (a blocking wait); the injected clock stamps records.
 *
 * <p>Thread-safe.
 */
public final class MemoryJobQueue implements JobQueue {

    private final MemoryJobStore store;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, ModelQueue> models = new ConcurrentHashMap<>();
    /** Followers stored by {@link #hold}: not in any model queue and not counted as unfinished. */
    private final Set<JobId> held = ConcurrentHashMap.newKeySet();

    public MemoryJobQueue(MemoryJobStore store, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void admit(Job job, int bound) throws QueueFullException {
        Objects.requireNonNull(job, "job");
        if (bound < 0) {
            throw new IllegalArgumentException("bound must not be negative, was " + bound);
        }
        if (job.status() != JobStatus.QUEUED) {
            throw new IllegalArgumentException("only QUEUED jobs can be admitted, job " + job.id() + " is "
                    + job.status());
        }
        ModelQueue queue = models.computeIfAbsent(job.model(), m -> new ModelQueue());
        queue.lock.lock();
        try {
            if (queue.unfinished >= bound) {
                throw new QueueFullException(job.model(), bound, queue.unfinished, queue.size() + " queued");
            }
            if (!store.insert(job)) {
                throw new IllegalArgumentException("job " + job.id() + " was already admitted");
            }
            queue.add(job);
        } finally {
            queue.lock.unlock();
        }
    }

    @Override
    public void record(Job finished) {
        Objects.requireNonNull(finished, "finished");
        if (!finished.status().isTerminal()) {
            throw new IllegalArgumentException("only terminal jobs can be recorded, job " + finished.id() + " is "
                    + finished.status());
        }
        if (store.get(finished.id()) != null) {
            throw new IllegalArgumentException("job " + finished.id() + " is already held");
        }
        store.recordFinished(finished);
    }

    @Override
    public void hold(Job follower) {
        Objects.requireNonNull(follower, "follower");
        if (follower.status() != JobStatus.QUEUED) {
            throw new IllegalArgumentException("only QUEUED jobs can be held, job " + follower.id() + " is "
                    + follower.status());
        }
        ModelQueue queue = models.computeIfAbsent(follower.model(), m -> new ModelQueue());
        queue.lock.lock();
        try {
            if (!store.insert(follower)) {
                throw new IllegalArgumentException("job " + follower.id() + " is already held");
            }
            held.add(follower.id());
        } finally {
            queue.lock.unlock();
        }
    }

    @Override
    public List<Job> claim(String model, int max, Duration maxWait) throws InterruptedException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(maxWait, "maxWait");
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        ModelQueue queue = models.computeIfAbsent(model, m -> new ModelQueue());
        queue.lock.lockInterruptibly();
        try {
            if (!queue.awaitJob(saturatedNanos(maxWait))) {
                return List.of();
            }
            List<JobId> ids = queue.poll(max);
            List<Job> claimed = new ArrayList<>(ids.size());
            for (JobId id : ids) {
                Job processing = store.get(id).processing();
                store.update(processing);
                claimed.add(processing);
            }
            return claimed;
        } finally {
            queue.lock.unlock();
        }
    }

    @Override
    public FinishResult finish(JobId id, Completion completion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(completion, "completion");
        // find() sweeps retention first, so a record past its TTL is unknown here exactly as it is to readers.
        Job seen = store.find(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
        ModelQueue queue = models.computeIfAbsent(seen.model(), m -> new ModelQueue());
        FinishResult result;
        List<CompletableFuture<Job>> waiters;
        queue.lock.lock();
        try {
            Job current = store.get(id);
            if (current == null || current.status().isTerminal()) {
                // Already finished (and perhaps already dropped by retention): idempotent no-op.
                return new FinishResult(current == null ? seen : current, false);
            }
            Job next = completion.applyTo(current, clock.instant());
            if (!held.remove(id)) {
                if (current.status() == JobStatus.QUEUED) {
                    queue.remove(id);
                }
                queue.unfinished--;
            }
            waiters = store.recordFinished(next);
            result = new FinishResult(next, true);
        } finally {
            queue.lock.unlock();
        }
        waiters.forEach(w -> w.complete(result.job()));
        return result;
    }

    @Override
    public QueueStats stats(String model) {
        ModelQueue queue = models.get(model);
        return queue == null ? QueueStats.EMPTY : queue.stats();
    }

    @Override
    public MemoryJobStore store() {
        return store;
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
