package dev.inferyx.queue.memory;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.queue.JobStore;
import dev.inferyx.queue.RetentionPolicy;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Job records in memory, with retention for finished ones: a finished record is dropped
 * {@link RetentionPolicy#resultTtl()} after it finished, and when more than
 * {@link RetentionPolicy#maxFinishedJobs()} finished records are held the oldest finished go first. Unfinished
 * records are never dropped.
 *
 * <p>Retention needs no timers: finished records sit in an expiry queue in finishing order, swept lazily on
 * reads and writes, so each sweep does work proportional to what it drops. Reads of {@link #find} are lock-free
 * unless something is due to expire.
 *
 * <p>Thread-safe. Writes come only from {@link MemoryJobQueue}, which serialises all writes of one job.
 */
public final class MemoryJobStore implements JobStore {

    /** One finished record in the expiry queue; holds the record so a sweep never drops a newer one. */
    private record Finished(Job job, Instant expiresAt) {
    }

    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final ConcurrentHashMap<JobId, Job> records = new ConcurrentHashMap<>();

    /** Guards {@link #expiry} and {@link #waiters}. */
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Finished> expiry = new ArrayDeque<>();
    private final Map<JobId, List<CompletableFuture<Job>>> waiters = new HashMap<>();
    /** When the head of {@link #expiry} expires; lets reads skip the lock when nothing is due. */
    private volatile Instant nextExpiry = Instant.MAX;

    public MemoryJobStore(RetentionPolicy retention, InstantSource clock) {
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Job> find(JobId id) {
        Objects.requireNonNull(id, "id");
        sweepIfDue();
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public CompletableFuture<Job> whenFinished(JobId id) {
        Objects.requireNonNull(id, "id");
        sweepIfDue();
        CompletableFuture<Job> future = new CompletableFuture<>();
        lock.lock();
        try {
            // Read under the lock: recordFinished writes the record and takes the waiters under the same lock,
            // so a waiter is either registered before that or sees the terminal record here.
            Job job = records.get(id);
            if (job == null) {
                return CompletableFuture.failedFuture(new NoSuchElementException("no job " + id));
            }
            if (job.status().isTerminal()) {
                return CompletableFuture.completedFuture(job);
            }
            waiters.computeIfAbsent(id, k -> new ArrayList<>(1)).add(future);
        } finally {
            lock.unlock();
        }
        // A caller that gives up cancels the future; forget it so waiters do not pile up.
        future.whenComplete((job, error) -> {
            if (future.isCancelled()) {
                removeWaiter(id, future);
            }
        });
        return future;
    }

    @Override
    public int size() {
        sweepIfDue();
        return records.size();
    }

    /** Stores a new record; false (and nothing stored) when the id is already held. */
    boolean insert(Job job) {
        sweepIfDue();
        return records.putIfAbsent(job.id(), job) == null;
    }

    RetentionPolicy retention() {
        return retention;
    }

    /** The raw record, without sweeping: for the queue's own writes. */
    Job get(JobId id) {
        return records.get(id);
    }

    /** Replaces an unfinished record (e.g. QUEUED to PROCESSING). */
    void update(Job job) {
        records.put(job.id(), job);
    }

    /**
     * Stores a terminal record, queues it for expiry and hands back the waiters to complete. The caller completes
     * them after releasing its own locks, because completing runs the waiters' callbacks on this thread.
     */
    List<CompletableFuture<Job>> recordFinished(Job job) {
        Instant now = clock.instant();
        lock.lock();
        try {
            records.put(job.id(), job);
            expiry.addLast(new Finished(job, now.plus(retention.resultTtl())));
            sweepLocked(now);
            List<CompletableFuture<Job>> toComplete = waiters.remove(job.id());
            return toComplete == null ? List.of() : toComplete;
        } finally {
            lock.unlock();
        }
    }

    /** Waiters currently registered, for leak tests. */
    int waiterCount() {
        lock.lock();
        try {
            return waiters.values().stream().mapToInt(List::size).sum();
        } finally {
            lock.unlock();
        }
    }

    private void removeWaiter(JobId id, CompletableFuture<Job> future) {
        lock.lock();
        try {
            List<CompletableFuture<Job>> list = waiters.get(id);
            if (list != null) {
                list.remove(future);
                if (list.isEmpty()) {
                    waiters.remove(id);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (!now.isBefore(nextExpiry)) {
            lock.lock();
            try {
                sweepLocked(now);
            } finally {
                lock.unlock();
            }
        }
    }

    private void sweepLocked(Instant now) {
        // Finishing order is expiry order (same TTL for all), so stop at the first record still alive.
        while (!expiry.isEmpty()
                && (expiry.size() > retention.maxFinishedJobs() || !now.isBefore(expiry.peekFirst().expiresAt()))) {
            Job dropped = expiry.pollFirst().job();
            records.remove(dropped.id(), dropped);
        }
        nextExpiry = expiry.isEmpty() ? Instant.MAX : expiry.peekFirst().expiresAt();
    }
}
