package dev.inferyx.queue.memory;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.FinishResult;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Retries wait in a per-model heap ordered by due time; one timer thread per backend
 * ({@code inferyx-retry-timer}, started with the first retry) sleeps until the earliest is due and moves due jobs
 * back to their queue; {@link #claim} also promotes what is due before it looks, so a claim after the clock moved
 * sees them. No job is polled or slept on individually.
 *
 * <p>Thread-safe.
 */
public final class MemoryJobQueue implements JobQueue {

    private final MemoryJobStore store;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, ModelQueue> models = new ConcurrentHashMap<>();
    private final MemoryDeadLetterQueue deadLetters;
    private final DeadLetters deadLetterView = new DeadLetters();
    private final RetryTimer timer;
    /** Followers stored by {@link #hold}: not in any model queue and not counted as unfinished. */
    private final Set<JobId> held = ConcurrentHashMap.newKeySet();

    /** With at most the store's {@link dev.inferyx.queue.RetentionPolicy#deadLetterMax()} dead letters. */
    public MemoryJobQueue(MemoryJobStore store, InstantSource clock) {
        this(store, clock, store.retention().deadLetterMax());
    }

    /**
     * @param deadLetterMax the most dead letters held (the oldest go first); each also leaves after the store's
     *                      result TTL
     */
    public MemoryJobQueue(MemoryJobStore store, InstantSource clock, int deadLetterMax) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deadLetters = new MemoryDeadLetterQueue(store.retention().resultTtl(), deadLetterMax, clock);
        this.timer = new RetryTimer(this::promoteAllDue, clock);
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
            promoteDue(queue, clock.instant());
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
                // A RETRYING job's timer entry stays; promoteDue skips it once it comes due.
                queue.unfinished--;
            }
            waiters = store.recordFinished(next);
            if (completion instanceof Completion.DeadLettered) {
                deadLetters.add(next);
            }
            result = new FinishResult(next, true);
        } finally {
            queue.lock.unlock();
        }
        waiters.forEach(w -> w.complete(result.job()));
        return result;
    }

    @Override
    public Job retry(JobId id, JobError error, Instant nextAttemptAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Job seen = store.find(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
        ModelQueue queue = models.get(seen.model());
        Instant due;
        Job moved;
        queue.lock.lock();
        try {
            Job current = store.get(id);
            if (current == null || current.status().isTerminal()) {
                return current == null ? seen : current;
            }
            Job retrying = current.retrying(error, nextAttemptAt);
            store.update(retrying);
            // Due at its deadline if that comes first: it must expire on time, not after its backoff.
            due = current.deadline().filter(d -> d.isBefore(nextAttemptAt)).orElse(nextAttemptAt);
            queue.scheduleRetry(id, due);
            promoteDue(queue, clock.instant());
            // Read under the lock: once it is released the job may be claimed and finished at any moment, and
            // the caller must still learn that this call moved it.
            moved = store.get(id);
        } finally {
            queue.lock.unlock();
        }
        if (moved.status() == JobStatus.RETRYING) {
            timer.wakeBy(due);
        }
        return moved;
    }

    @Override
    public void requeueRetrying(String model) {
        ModelQueue queue = models.get(model);
        if (queue == null) {
            return;
        }
        queue.lock.lock();
        try {
            requeue(queue, queue.takeAllRetrying());
        } finally {
            queue.lock.unlock();
        }
    }

    @Override
    public dev.inferyx.queue.DeadLetterQueue deadLetters() {
        return deadLetterView;
    }

    /** Moves the model's due retries back to its queue. Caller holds the model's lock. */
    private void promoteDue(ModelQueue queue, Instant now) {
        requeue(queue, queue.takeDue(now));
    }

    private void requeue(ModelQueue queue, List<JobId> ids) {
        for (JobId id : ids) {
            Job job = store.get(id);
            if (job != null && job.status() == JobStatus.RETRYING) {
                Job queued = job.requeued();
                store.update(queued);
                queue.requeue(queued);
            }
        }
    }

    /** The timer's round: promotes every model's due retries; returns the earliest retry still pending. */
    private Instant promoteAllDue() {
        Instant now = clock.instant();
        Instant next = Instant.MAX;
        for (ModelQueue queue : models.values()) {
            queue.lock.lock();
            try {
                promoteDue(queue, now);
                Instant due = queue.nextDue();
                next = due.isBefore(next) ? due : next;
            } finally {
                queue.lock.unlock();
            }
        }
        return next;
    }

    @Override
    public void close() {
        timer.close();
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

    /** The dead-letter view: each step that moves a job holds its model's lock, then the dead-letter lock. */
    private final class DeadLetters implements dev.inferyx.queue.DeadLetterQueue {

        @Override
        public dev.inferyx.queue.DeadLetterPage list(Optional<String> model, int limit, Optional<String> cursor) {
            return deadLetters.list(model, limit, cursor);
        }

        @Override
        public Optional<Job> find(JobId id) {
            return deadLetters.find(id);
        }

        @Override
        public Job replay(JobId id) {
            Job letter = deadLetters.find(id).orElseThrow(() -> new NoSuchElementException("no dead letter " + id));
            ModelQueue queue = models.computeIfAbsent(letter.model(), m -> new ModelQueue());
            queue.lock.lock();
            try {
                Job held = deadLetters.remove(id)
                        .orElseThrow(() -> new NoSuchElementException("no dead letter " + id));
                Job current = store.get(id);
                // The store may have dropped the FAILED record already (retention); the letter has it too.
                Job replayed = (current != null && current.status() == JobStatus.FAILED ? current : held).replayed();
                store.update(replayed);
                queue.add(replayed);
                return replayed;
            } finally {
                queue.lock.unlock();
            }
        }

        @Override
        public List<JobId> ids(Optional<String> model) {
            return deadLetters.jobs(model).stream().map(Job::id).toList();
        }

        @Override
        public int purge(Optional<String> model) {
            int purged = 0;
            for (Job job : deadLetters.jobs(model)) {
                if (deadLetters.remove(job.id()).isPresent()) {
                    purged++;
                }
            }
            return purged;
        }

        @Override
        public int count(String model) {
            return deadLetters.count(model);
        }
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
