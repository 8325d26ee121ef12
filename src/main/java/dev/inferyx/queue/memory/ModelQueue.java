package dev.inferyx.queue.memory;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.queue.QueueStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::priority).reversed()
            .thenComparingLong(Entry::seq);

    final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final TreeSet<Entry> queued = new TreeSet<>(ORDER);
    /** Lets a job finished straight from QUEUED leave the queue in O(log n). */
    private final Map<JobId, Entry> byId = new HashMap<>();
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
