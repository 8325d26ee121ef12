package dev.inferyx.service;

import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.JobQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cache, then coalesce, then admit: a request whose result is cached is answered at once; one identical to a job
 * in flight (same {@link CacheKey}) becomes a <em>follower</em> of it and ends with its outcome; anything else is
 * admitted and becomes the <em>leader</em> for its key, and its result is cached when it is DONE.
 *
 * <p>Followers are stored as their own records (own request id, own owner) through {@link JobQueue#hold}; they
 * take no admission slot and are bounded by {@link ReuseConfig#maxFollowers()} overall. A follower joins only a
 * leader whose deadline is not earlier than its own, so a leader that EXPIRED implies the follower's deadline
 * passed too, and sharing the outcome (done, failed or expired) is always truthful. The flight for a key lives
 * exactly as long as its leader is unfinished, so the in-flight map is bounded by the queues' bounds.
 *
 * <p>Thread-safe. Admission and joining are serialised per key on the flight, so 100 identical concurrent
 * requests admit exactly one job.
 */
public final class ResultReuse {

    private static final Logger LOG = Logger.getLogger(ResultReuse.class.getName());

    /** One leader in flight and the followers waiting for it; guarded by its own monitor. */
    private static final class Flight {
        final Job leader;
        final List<JobId> followers = new ArrayList<>();
        boolean closed;

        Flight(Job leader) {
            this.leader = leader;
        }

        boolean acceptsDeadlineOf(Job follower) {
            return leader.deadline().isEmpty()
                    || follower.deadline().isPresent() && !leader.deadline().get().isBefore(follower.deadline().get());
        }
    }

    /** Admits a job into the queue (the service's bound check); throws when it cannot. */
    @FunctionalInterface
    interface Admission {
        void admit(Job job);
    }

    private final JobQueue queue;
    private final ResultCache cache;
    private final Metrics metrics;
    private final int maxFollowers;
    private final ConcurrentHashMap<CacheKey, Flight> flights = new ConcurrentHashMap<>();
    private final AtomicInteger followers = new AtomicInteger();

    public ResultReuse(JobQueue queue, ResultCache cache, int maxFollowers, Metrics metrics) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (maxFollowers < 0) {
            throw new IllegalArgumentException("max_followers must not be negative, was " + maxFollowers);
        }
        this.maxFollowers = maxFollowers;
    }

    /** No reuse at all: every job is admitted. */
    static ResultReuse none(JobQueue queue) {
        return new ResultReuse(queue, ResultCache.NONE, 0, Metrics.NOOP);
    }

    /**
     * Serves {@code job} (QUEUED, not yet stored) from the cache, by joining an identical job in flight, or by
     * admitting it; returns the record the client sees first.
     */
    Job submit(CacheKey key, Job job, Admission admission) {
        Flight mine = new Flight(job);
        while (true) {
            Optional<Output> hit = cache.get(key);
            if (hit.isPresent()) {
                Job served = Job.servedFromCache(job.id(), job.model(), job.input(), job.owner(), job.priority(),
                        job.createdAt(), job.deadline(), hit.get());
                queue.record(served);
                return served;
            }
            Flight current = flights.putIfAbsent(key, mine);
            if (current == null) {
                return lead(key, mine, admission);
            }
            switch (join(current, job)) {
                case JOINED -> {
                    return job;
                }
                case REFUSED -> {
                    // Cannot follow (deadline or bound): run it on its own; its result still fills the cache.
                    admission.admit(job);
                    cacheWhenDone(key, job);
                    return job;
                }
                case CLOSED -> {
                    // That leader just finished (its result is cached now) or was refused: look again.
                }
            }
        }
    }

    private Job lead(CacheKey key, Flight mine, Admission admission) {
        synchronized (mine) {
            try {
                admission.admit(mine.leader);
            } catch (RuntimeException e) {
                mine.closed = true;
                flights.remove(key, mine);
                throw e;
            }
        }
        queue.store().whenFinished(mine.leader.id()).whenComplete((leader, error) -> land(key, mine, leader));
        return mine.leader;
    }

    private enum Joined { JOINED, REFUSED, CLOSED }

    private Joined join(Flight flight, Job job) {
        if (!flight.acceptsDeadlineOf(job)) {
            return Joined.REFUSED;
        }
        synchronized (flight) {
            if (flight.closed) {
                return Joined.CLOSED;
            }
            if (followers.incrementAndGet() > maxFollowers) {
                followers.decrementAndGet();
                return Joined.REFUSED;
            }
            try {
                queue.hold(job);
            } catch (RuntimeException e) {
                followers.decrementAndGet();
                throw e;
            }
            flight.followers.add(job.id());
        }
        metrics.coalesced(job.model());
        return Joined.JOINED;
    }

    /** The leader finished: cache its result first, then close the flight, so a newcomer always finds one. */
    private void land(CacheKey key, Flight flight, Job leader) {
        if (leader != null) {
            leader.output().filter(o -> leader.status() == JobStatus.DONE)
                    .ifPresent(output -> cache.put(key, output));
        }
        List<JobId> waiting;
        synchronized (flight) {
            flight.closed = true;
            waiting = List.copyOf(flight.followers);
        }
        flights.remove(key, flight);
        Completion outcome = leader != null
                ? new Completion.Shared(leader)
                : new Completion.Failed(new JobError("leader_lost",
                        "the identical request this one waited for is no longer known"), false);
        for (JobId follower : waiting) {
            try {
                queue.finish(follower, outcome);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "could not finish coalesced follower " + follower, e);
            } finally {
                followers.decrementAndGet();
            }
        }
    }

    private void cacheWhenDone(CacheKey key, Job job) {
        queue.store().whenFinished(job.id()).thenAccept(done -> {
            if (done.status() == JobStatus.DONE) {
                done.output().ifPresent(output -> cache.put(key, output));
            }
        });
    }

    /** Followers waiting now, for tests and bounds. */
    int followers() {
        return followers.get();
    }

    /** Keys with a leader in flight now, for tests and bounds. */
    int flights() {
        return flights.size();
    }
}
