package dev.inferyx.queue.memory;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.queue.QueueStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One model's queued jobs, highest priority first and FIFO within a priority, plus its unfinished count. All
 * fields are guarded by {@link #lock}; {@link MemoryJobQueue} holds it for every write of this model's jobs.
 */
final class ModelQueue {

    private record Entry(JobId id, int priority, long seq) {
    }

    /** A RETRYING job due back in the queue at {@code at}. */
    record Due(JobId id, Instant at, long seq) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::priority).reversed()
            .thenComparingLong(Entry::seq);

    final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final TreeSet<Entry> queued = new TreeSet<>(ORDER);
    /** Lets a job finished straight from QUEUED leave the queue in O(log n). */
    private final Map<JobId, Entry> byId = new HashMap<>();
    /** RETRYING jobs by due time; entries whose job has since finished are skipped when they come due. */
    private final PriorityQueue<Due> retrying = new PriorityQueue<>(
            Comparator.comparing(Due::at).thenComparingLong(Due::seq));
    private long nextSeq;
    /** Queued + claimed jobs not yet terminal; what admission bounds. */
    int unfinished;

    /** Enqueues an admitted job and wakes one claimer. Caller holds the lock. */
    void add(Job job) {
        Entry entry = new Entry(job.id(), job.priority(), nextSeq++);
        queued.add(entry);
        byId.put(job.id(), entry);
        unfinished++;
        notEmpty.signal();
    }

    /** Puts a job whose retry is due back in the queue; it already holds its admission slot. Caller holds the lock. */
    void requeue(Job job) {
        Entry entry = new Entry(job.id(), job.priority(), nextSeq++);
        queued.add(entry);
        byId.put(job.id(), entry);
        notEmpty.signal();
    }

    /** Schedules a RETRYING job to come due at {@code at}. Caller holds the lock. */
    void scheduleRetry(JobId id, Instant at) {
        retrying.add(new Due(id, at, nextSeq++));
    }

    /** Removes and returns the retries due at {@code now}, earliest first. Caller holds the lock. */
    List<JobId> takeDue(Instant now) {
        List<JobId> due = new ArrayList<>();
        while (!retrying.isEmpty() && !retrying.peek().at().isAfter(now)) {
            due.add(retrying.poll().id());
        }
        return due;
    }

    /** Removes and returns every scheduled retry. Caller holds the lock. */
    List<JobId> takeAllRetrying() {
        List<JobId> all = new ArrayList<>(retrying.size());
        while (!retrying.isEmpty()) {
            all.add(retrying.poll().id());
        }
        return all;
    }

    /** When the earliest retry comes due; {@link Instant#MAX} when none. Caller holds the lock. */
    Instant nextDue() {
        return retrying.isEmpty() ? Instant.MAX : retrying.peek().at();
    }

    /** Removes a queued job that was finished without being claimed. Caller holds the lock. */
    void remove(JobId id) {
        Entry entry = byId.remove(id);
        if (entry != null) {
            queued.remove(entry);
        }
    }

    int size() {
        return queued.size();
    }

    /**
     * Waits up to {@code nanos} for a queued job; true when one is there. Caller holds the lock (the wait
     * releases it).
     */
    boolean awaitJob(long nanos) throws InterruptedException {
        long remaining = nanos;
        // awaitNanos returns the time left, so spurious wake-ups and lost races never extend the wait.
        while (queued.isEmpty()) {
            if (remaining <= 0) {
                return false;
            }
            remaining = notEmpty.awaitNanos(remaining);
        }
        return true;
    }

    /** Removes up to {@code max} queued jobs in order. Caller holds the lock. */
    List<JobId> poll(int max) {
        List<JobId> ids = new ArrayList<>(Math.min(max, queued.size()));
        while (ids.size() < max && !queued.isEmpty()) {
            Entry entry = queued.pollFirst();
            byId.remove(entry.id());
            ids.add(entry.id());
        }
        if (!queued.isEmpty()) {
            // add() wakes one claimer per job; pass the turn on so other claimers see what was left.
            notEmpty.signal();
        }
        return ids;
    }

    QueueStats stats() {
        lock.lock();
        try {
            return new QueueStats(queued.size(), unfinished);
        } finally {
            lock.unlock();
        }
    }
}
