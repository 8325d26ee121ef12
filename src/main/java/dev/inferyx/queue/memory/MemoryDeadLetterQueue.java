package dev.inferyx.queue.memory;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.queue.DeadLetterPage;
import dev.inferyx.queue.DeadLetterQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The dead-letter entries of {@link MemoryJobQueue}, in dead-letter order (a sequence number, which is also the
 * page cursor). Bounded by a TTL and a maximum size, swept lazily from the oldest end: every entry has the same
 * TTL, so insertion order is expiry order. Guarded by {@link #lock}, which is always taken <em>after</em> a model
 * lock, never before, so a replay can hold both.
 */
final class MemoryDeadLetterQueue {

    private record Entry(Job job, long seq, Instant expiresAt) {
    }

    final ReentrantLock lock = new ReentrantLock();
    private final Duration ttl;
    private final int max;
    private final InstantSource clock;
    private final TreeMap<Long, Entry> bySeq = new TreeMap<>();
    private final Map<JobId, Entry> byId = new HashMap<>();
    private final Map<String, Integer> perModel = new HashMap<>();
    private long nextSeq;

    MemoryDeadLetterQueue(Duration ttl, int max, InstantSource clock) {
        if (max < 1) {
            throw new IllegalArgumentException("dead_letter_max must be >= 1, was " + max);
        }
        this.ttl = ttl;
        this.max = max;
        this.clock = clock;
    }

    void add(Job job) {
        lock.lock();
        try {
            remove(job.id());
            Entry entry = new Entry(job, nextSeq++, clock.instant().plus(ttl));
            bySeq.put(entry.seq(), entry);
            byId.put(job.id(), entry);
            perModel.merge(job.model(), 1, Integer::sum);
            sweep();
        } finally {
            lock.unlock();
        }
    }

    Optional<Job> find(JobId id) {
        lock.lock();
        try {
            sweep();
            Entry e = byId.get(id);
            return e == null ? Optional.empty() : Optional.of(e.job());
        } finally {
            lock.unlock();
        }
    }

    /** Removes one entry; returns its job, if it was held. */
    Optional<Job> remove(JobId id) {
        lock.lock();
        try {
            Entry e = byId.remove(id);
            if (e == null) {
                return Optional.empty();
            }
            bySeq.remove(e.seq());
            perModel.computeIfPresent(e.job().model(), (m, n) -> n == 1 ? null : n - 1);
            return Optional.of(e.job());
        } finally {
            lock.unlock();
        }
    }

    DeadLetterPage list(Optional<String> model, int limit, Optional<String> cursor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        long from = cursor.map(DeadLetterQueue::cursorPosition).orElse(0L);
        lock.lock();
        try {
            sweep();
            List<Job> page = new ArrayList<>(Math.min(limit, 64));
            for (Entry e : bySeq.tailMap(from, true).values()) {
                if (model.isPresent() && !model.get().equals(e.job().model())) {
                    continue;
                }
                if (page.size() == limit) {
                    return new DeadLetterPage(page, Optional.of(Long.toString(e.seq())));
                }
                page.add(e.job());
            }
            return new DeadLetterPage(page, Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    /** Ids of the entries of one model (or all), oldest first. */
    List<Job> jobs(Optional<String> model) {
        lock.lock();
        try {
            sweep();
            return bySeq.values().stream().map(Entry::job)
                    .filter(j -> model.isEmpty() || model.get().equals(j.model())).toList();
        } finally {
            lock.unlock();
        }
    }

    int count(String model) {
        lock.lock();
        try {
            sweep();
            return perModel.getOrDefault(model, 0);
        } finally {
            lock.unlock();
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        while (!bySeq.isEmpty()
                && (bySeq.size() > max || !now.isBefore(bySeq.firstEntry().getValue().expiresAt()))) {
            remove(bySeq.firstEntry().getValue().job().id());
        }
    }
}
