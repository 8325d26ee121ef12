package dev.inferyx.service;

import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.FlightLeaders;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.JobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 * <p>Across processes (gateways on Redis), a leader also claims its key in {@link FlightLeaders} before it is
 * admitted, and releases it after its result is cached. A request whose key another process's job leads becomes a
 * follower of that job: held here and finished here with its outcome (seen through
 * {@code JobStore.whenFinished}), under the same deadline rule and follower bound; identical requests on this
 * gateway then follow it in turn. A claim whose job has finished, or was never stored (its process died between
 * claim and admission; read again for about half a second first), is released; the request then follows a DONE
 * job (its result may not be cached yet) and otherwise looks again.
 *
 * <p>Thread-safe. Admission and joining are serialised per key on the flight (and across processes by the
 * claim), so 100 identical concurrent requests admit exactly one job.
 */
public final class ResultReuse {

    private static final Logger LOG = Logger.getLogger(ResultReuse.class.getName());

    /**
     * How often a key claimed by a job whose record does not exist yet is read again before the claim is taken for
     * stale: 1 ms doubling up to 50 ms, about half a second in all (an interrupt cuts the pauses short).
     */
    static final int PENDING_READS = 15;
    private static final Duration FIRST_PENDING_PAUSE = Duration.ofMillis(1);
    private static final Duration MAX_PENDING_PAUSE = Duration.ofMillis(50);

    /** One leader in flight and the followers waiting for it; guarded by its own monitor. */
    private static final class Flight {
        final Job leader;
        final List<JobId> followers = new ArrayList<>();
        boolean closed;
        /** The leader holds its key in {@link FlightLeaders}, and releases it when it lands. */
        boolean claimed;
        /** The leader is itself a follower of a job another process leads: that process caches the result. */
        boolean followsRemote;

        Flight(Job leader) {
            this.leader = leader;
        }

        boolean acceptsDeadlineOf(Job follower) {
            return acceptsDeadlineOf(leader, follower);
        }

        /** A follower may share the outcome only of a leader whose deadline is not earlier than its own. */
        static boolean acceptsDeadlineOf(Job leader, Job follower) {
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
    private final FlightLeaders leaders;
    private final ConcurrentHashMap<CacheKey, Flight> flights = new ConcurrentHashMap<>();
    private final AtomicInteger followers = new AtomicInteger();

    /** Coalesces only within this process. */
    public ResultReuse(JobQueue queue, ResultCache cache, int maxFollowers, Metrics metrics) {
        this(queue, cache, maxFollowers, metrics, FlightLeaders.NONE);
    }

    /**
     * @param leaders which job leads each key in flight across processes: a request identical to a job another
     *                process leads follows that job instead of being admitted
     */
    public ResultReuse(JobQueue queue, ResultCache cache, int maxFollowers, Metrics metrics, FlightLeaders leaders) {
        this.leaders = Objects.requireNonNull(leaders, "leaders");
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
                Optional<Job> led = lead(key, mine, admission);
                if (led.isPresent()) {
                    return led.get();
                }
                mine = new Flight(job);
                continue; // another process's leader just finished: its result may be cached now
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

    /**
     * Leads {@code key} in this process: claims it fleet-wide and admits the job, or, if another process's job leads
     * it, follows that job (or runs on its own if it may not follow). Empty when the key's claim was stale (its
     * leader finished): the flight is closed and the caller looks again, starting with the cache.
     */
    private Optional<Job> lead(CacheKey key, Flight mine, Admission admission) {
        synchronized (mine) {
            try {
                switch (claim(key, mine.leader)) {
                    case Claim.Stale _ -> {
                        mine.closed = true;
                        flights.remove(key, mine);
                        return Optional.empty();
                    }
                    case Claim.HeldBy held -> {
                        if (followRemote(held.leader(), mine.leader)) {
                            mine.followsRemote = true;
                        } else {
                            admit(key, mine, admission); // may not follow (deadline, bound): runs on its own
                        }
                    }
                    case Claim.Pending _ -> admit(key, mine, admission);
                    case Claim.Claimed _ -> {
                        mine.claimed = true;
                        admit(key, mine, admission);
                    }
                }
            } catch (RuntimeException e) {
                mine.closed = true;
                flights.remove(key, mine);
                throw e;
            }
        }
        queue.store().whenFinished(mine.leader.id()).whenComplete((leader, error) -> land(key, mine, leader));
        return Optional.of(mine.leader);
    }

    private void admit(CacheKey key, Flight mine, Admission admission) {
        try {
            admission.admit(mine.leader);
        } catch (RuntimeException e) {
            if (mine.claimed) {
                releaseQuietly(key, mine.leader.id());
            }
            throw e;
        }
    }

    /** What claiming a key found. */
    private sealed interface Claim {
        /** This job leads the key now. */
        record Claimed() implements Claim {
        }

        /** Another process's job leads it: unfinished, or DONE moments ago (its result maybe not cached yet). */
        record HeldBy(Job leader) implements Claim {
        }

        /** The holder failed or expired (or never got stored) without releasing it; released now: look again. */
        record Stale() implements Claim {
        }

        /** The holder is not stored yet and this thread was interrupted while waiting for it: run on its own. */
        record Pending() implements Claim {
        }
    }

    private Claim claim(CacheKey key, Job job) {
        long pauseNanos = FIRST_PENDING_PAUSE.toNanos();
        for (int read = 1; ; read++) {
            Optional<JobId> holder = leaders.claim(key, job.id());
            if (holder.isEmpty()) {
                return new Claim.Claimed();
            }
            Optional<Job> leader = queue.find(holder.get());
            if (leader.isPresent() && !leader.get().status().isTerminal()) {
                return new Claim.HeldBy(leader.get());
            }
            if (leader.isPresent() || read == PENDING_READS) {
                // Finished without releasing (its process has not cached the result yet, or died first), or never
                // admitted (its process died between claim and admission): release it for the holder. A DONE
                // leader is still followed, since its result may not be in the cache yet; otherwise look again.
                leaders.release(key, holder.get());
                return leader.isPresent() && leader.get().status() == JobStatus.DONE
                        ? new Claim.HeldBy(leader.get())
                        : new Claim.Stale();
            }
            if (Thread.currentThread().isInterrupted()) {
                return new Claim.Pending(); // the flag stays set for the caller
            }
            // Claimed but not stored yet: another process's claim precedes its admission by a round trip or two.
            // A refused admission releases the claim, which the next claim sees.
            LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, MAX_PENDING_PAUSE.toNanos());
        }
    }

    /**
     * Makes {@code job} a follower of {@code leader}, a job another process leads: held in the queue, finished here
     * with the leader's outcome. False (nothing done) when its deadline or the follower bound does not allow it.
     */
    private boolean followRemote(Job leader, Job job) {
        if (!Flight.acceptsDeadlineOf(leader, job)) {
            return false;
        }
        if (followers.incrementAndGet() > maxFollowers) {
            followers.decrementAndGet();
            return false;
        }
        try {
            queue.hold(job);
        } catch (RuntimeException e) {
            followers.decrementAndGet();
            throw e;
        }
        metrics.coalesced(job.model());
        queue.store().whenFinished(leader.id()).whenComplete((finished, error) -> {
            try {
                finishFollower(job.id(), finished);
            } finally {
                followers.decrementAndGet();
            }
        });
        return true;
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
        if (leader != null && !flight.followsRemote) {
            leader.output().filter(o -> leader.status() == JobStatus.DONE)
                    .ifPresent(output -> cache.put(key, output));
        }
        if (flight.claimed) {
            releaseQuietly(key, flight.leader.id());
        }
        List<JobId> waiting;
        synchronized (flight) {
            flight.closed = true;
            waiting = List.copyOf(flight.followers);
        }
        flights.remove(key, flight);
        for (JobId follower : waiting) {
            try {
                finishFollower(follower, leader);
            } finally {
                followers.decrementAndGet();
            }
        }
    }

    /** Ends a follower with its leader's outcome ({@code null}: the leader's record is gone). */
    private void finishFollower(JobId follower, Job leader) {
        Completion outcome = leader != null
                ? new Completion.Shared(leader)
                : new Completion.Failed(new JobError("leader_lost",
                        "the identical request this one waited for is no longer known"), false);
        try {
            queue.finish(follower, outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not finish coalesced follower " + follower, e);
        }
    }

    private void releaseQuietly(CacheKey key, JobId leader) {
        try {
            leaders.release(key, leader);
        } catch (RuntimeException e) {
            // Harmless: the next claimer finds the leader finished and releases the key itself.
            LOG.log(Level.FINE, "could not release the in-flight claim of " + leader, e);
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
