package dev.inferyx.queue.redis;

import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.DeadLetterQueue;
import dev.inferyx.queue.Finish;
import dev.inferyx.queue.FinishOutcome;
import dev.inferyx.queue.FinishResult;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.RetentionPolicy;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The Redis {@link JobQueue}: the same contract as the in-memory backend, shared by every gateway and worker
 * process pointed at one Redis.
 *
 * <p><b>Layout.</b> Each model has one Redis Stream per priority value in use ({@code m:{model}:q:{priority}}),
 * each with the consumer group {@code workers}, and a sorted set of the priorities that have a stream. A band's
 * stream is created by the first admission at that priority and deleted once it is empty, so only priorities in
 * use cost keys. Claiming walks the bands from the highest priority down; within a band, stream order is
 * admission order. This keeps the contract's exact ordering (priority, then FIFO) for any integer priority.
 *
 * <p><b>Atomic steps.</b> Admission (bound check on unfinished work + job record + XADD), claiming (reclaim of
 * stale entries + XREADGROUP over the bands + marking PROCESSING) and finishing (record + unfinished decrement +
 * XACK/XDEL + TTL + PUBLISH) are each one Lua script, so a job is never half-admitted, half-claimed or
 * half-finished, and racing finishers are serialised by Redis: exactly one sees {@code transitioned}.
 *
 * <p><b>Waiting.</b> A claim that finds nothing blocks on the model's admission doorbell, never longer than a
 * second and never past the earliest due retry: see {@link RedisClaims}.
 *
 * <p><b>Crash recovery.</b> A claimed job lives in its band's pending entries list until it is finished. Entries
 * idle longer than {@link RedisConfig#visibilityTimeout()} are taken over by the next claim of any live process
 * (XCLAIM); one already delivered {@link RedisConfig#maxDeliveries()} times is finished FAILED with code
 * {@code poison} and dead-lettered instead, so an operator can replay it.
 *
 * <p><b>Retries and dead letters.</b> A RETRYING job leaves its stream and waits in the model's retry sorted set,
 * scored by its due time (its deadline if earlier); each claim script first moves what is due back to its band
 * and returns the earliest due time, which bounds how long the claimer blocks, and each worker process's
 * {@link RetryPromoter} moves every model's due retries on a timer, so they return to the streams even for a model
 * nobody claims. Jobs that are not due are never read. Dead letters are hash copies of the FAILED record (real TTL
 * {@code result_ttl}) indexed by a global and a per-model sorted set of sequence numbers, the page cursor;
 * every dead-letter script sweeps expired or surplus letters from the oldest end first.
 *
 * <p><b>Cache hits and followers.</b> {@link #record} stores a terminal job like a finished one; {@link #hold}
 * stores a QUEUED follower flagged {@code held}: in no stream and not counted, until a Shared finish ends it.
 *
 * <p>Times in records come from the injected clock; Redis TTLs are real time. Thread-safe.
 */
public final class RedisJobQueue implements JobQueue {

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final RedisJobStore store;
    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final RedisClaims claims;
    private final RedisDeadLetters deadLetters;

    private RedisJobQueue(RedisConnections redis, RetentionPolicy retention, InstantSource clock) {
        this.redis = redis;
        this.keys = new RedisKeys(redis.config().keyPrefix());
        this.retention = retention;
        this.clock = clock;
        this.store = new RedisJobStore(redis, keys, retention, clock);
        this.deadLetters = new RedisDeadLetters(redis, keys, retention, clock);
        this.claims = new RedisClaims(redis, keys, retention, clock);
    }

    /**
     * Connects to Redis and subscribes to finish announcements.
     *
     * @throws dev.inferyx.core.UnavailableException when Redis cannot be reached within the command timeout
     */
    public static RedisJobQueue connect(RedisConfig config, RetentionPolicy retention, InstantSource clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        if (!config.configured()) {
            throw new IllegalArgumentException("redis.url is not set: give redis://host:port (or INFERYX_REDIS_URL)");
        }
        RedisConnections redis = new RedisConnections(config);
        try {
            return new RedisJobQueue(redis, retention, clock);
        } catch (RuntimeException e) {
            redis.close();
            throw e instanceof RedisException re ? redis.unavailable(re) : e;
        }
    }

    RedisConnections connections() {
        return redis;
    }

    RedisKeys keys() {
        return keys;
    }

    /**
     * {@code Idempotency-Key} bindings on this Redis, under this queue's prefix, shared by every gateway.
     *
     * @param ttl     how long a binding holds (> 0)
     * @param maxKeys the most bindings kept (>= 1)
     */
    public RedisIdempotencyKeys idempotencyKeys(Duration ttl, long maxKeys) {
        return new RedisIdempotencyKeys(redis, keys.prefix(), ttl, maxKeys, clock);
    }

    /**
     * Result-cache entries on this Redis, under this queue's prefix, shared by every gateway.
     *
     * @param ttl        how long an entry is served (> 0)
     * @param maxEntries the most entries kept (>= 1)
     */
    public RedisResultEntries resultEntries(Duration ttl, long maxEntries) {
        return new RedisResultEntries(redis, keys.prefix(), ttl, maxEntries, clock);
    }

    /** Rate-limit token buckets on this Redis, under this queue's prefix, shared by every gateway. */
    public RedisTokenBuckets tokenBuckets() {
        return new RedisTokenBuckets(redis, keys.prefix());
    }

    /** Circuit-breaker states on this Redis, under this queue's prefix; this process publishes as its consumer. */
    public RedisBreakerStates breakerStates() {
        return new RedisBreakerStates(redis, keys.prefix(), claims.consumer());
    }

    /** Descriptions of the models the worker processes run, on this Redis under this queue's prefix. */
    public RedisModelDescriptions modelDescriptions() {
        return new RedisModelDescriptions(redis, keys.prefix());
    }

    /**
     * In-flight leaders of cache keys on this Redis, under this queue's prefix, shared by every gateway.
     *
     * @param ttl how long a claim holds unless released (> 0)
     */
    public RedisFlightLeaders flightLeaders(Duration ttl) {
        return new RedisFlightLeaders(redis, keys.prefix(), ttl, clock);
    }

    /** This process's consumer name in every band's group. */
    public String consumer() {
        return claims.consumer();
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
        List<String> argv = new ArrayList<>(List.of(keys.prefix(), job.id().value(), job.model(),
                Integer.toString(bound), Integer.toString(job.priority()),
                Long.toString(redis.config().unfinishedTtl().toMillis())));
        argv.addAll(JobCodec.fields(job));
        // Before the script, so an announcement that follows at once is expected (see RedisJobStore#whenFinished).
        store.admitting(job.id());
        List<Object> reply;
        try {
            reply = eval(Scripts.ADMIT, argv);
        } catch (RuntimeException e) {
            store.notAdmitted(job.id());
            throw e;
        }
        if (!"ok".equals(String.valueOf(reply.getFirst()))) {
            store.notAdmitted(job.id());
        }
        switch (String.valueOf(reply.getFirst())) {
            case "ok" -> {
            }
            case "duplicate" -> throw new IllegalArgumentException("job " + job.id() + " was already admitted");
            case "full" -> throw new QueueFullException(job.model(), bound, (int) (long) (Long) reply.get(1), "");
            default -> throw new IllegalStateException("unexpected admit reply " + reply);
        }
    }

    @Override
    public List<Job> claim(String model, int max, Duration maxWait) throws InterruptedException {
        return claims.claim(model, max, maxWait);
    }

    @Override
    public FinishResult finish(JobId id, Completion completion) {
        return switch (finishAll(List.of(new Finish(id, completion))).getFirst()) {
            case FinishResult result -> result;
            case FinishOutcome.Refused refused -> throw refused.error();
        };
    }

    /** One script call for the whole batch: one round trip, and one announcement of every job it finished. */
    @Override
    public List<FinishOutcome> finishAll(List<Finish> finishes) {
        Objects.requireNonNull(finishes, "finishes");
        if (finishes.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<String> argv = new ArrayList<>(List.of(keys.prefix(), Long.toString(now.toEpochMilli()),
                Long.toString(retention.resultTtl().toMillis()), Integer.toString(retention.maxFinishedJobs()),
                Integer.toString(retention.deadLetterMax())));
        List<Job> templates = new ArrayList<>(finishes.size());
        for (Finish f : finishes) {
            Job template = terminalTemplate(f, now);
            templates.add(template);
            List<String> fields = JobCodec.terminalFields(template);
            argv.addAll(List.of(f.id().value(), allowedFrom(f.completion(), template.status()),
                    template.status().name(), Integer.toString(template.attempts()),
                    f.completion() instanceof Completion.DeadLettered ? "1" : "0",
                    Integer.toString(fields.size())));
            argv.addAll(fields);
        }
        List<Object> reply = eval(Scripts.FINISH_ALL, argv);
        // Finished here: a waiter registered from now on reads the record instead of awaiting the announcement.
        finishes.forEach(f -> store.notAdmitted(f.id()));
        List<FinishOutcome> outcomes = new ArrayList<>(finishes.size());
        for (int i = 0; i < finishes.size(); i++) {
            outcomes.add(outcome(finishes.get(i), templates.get(i), String.valueOf(reply.get(2 * i)),
                    (List<?>) reply.get(2 * i + 1), now));
        }
        return outcomes;
    }

    /** The terminal fields come from core's own state machine, applied to a template: Redis only copies them. */
    private static Job terminalTemplate(Finish f, Instant now) {
        return f.completion().applyTo(Job.accepted(f.id(), "template", new Input.Text(""), "template", 0, now,
                Optional.empty()).processing(), now);
    }

    /** The live states the job may finish from, as the script matches them: ",QUEUED,PROCESSING,". */
    private static String allowedFrom(Completion completion, JobStatus target) {
        StringJoiner allowed = new StringJoiner(",", ",", ",");
        for (JobStatus s : JobStatus.values()) {
            // A coalesced follower adopts a finished outcome from any live state (it never ran itself).
            if (!s.isTerminal() && (completion instanceof Completion.Shared || s.canMoveTo(target))) {
                allowed.add(s.name());
            }
        }
        return allowed.toString();
    }

    private static FinishOutcome outcome(Finish f, Job template, String outcome, List<?> record, Instant now) {
        return switch (outcome) {
            case "missing" -> new FinishOutcome.Refused(f.id(), new NoSuchElementException("no job " + f.id()));
            case "ok" -> new FinishResult(JobCodec.decode(record), true);
            case "noop" -> new FinishResult(JobCodec.decode(record), false);
            case "illegal" -> {
                Job current = JobCodec.decode(record);
                IllegalStateException refusal;
                try {
                    f.completion().applyTo(current, now); // the state machine's own message, when it has one
                    refusal = new IllegalStateException("job " + f.id() + " cannot move from " + current.status()
                            + " to " + template.status());
                } catch (IllegalStateException e) {
                    refusal = e;
                }
                yield new FinishOutcome.Refused(f.id(), refusal);
            }
            default -> throw new IllegalStateException("unexpected finish reply " + outcome + " for job " + f.id());
        };
    }

    @Override
    public void record(Job finished) {
        Objects.requireNonNull(finished, "finished");
        if (!finished.status().isTerminal()) {
            throw new IllegalArgumentException("only terminal jobs can be recorded, job " + finished.id() + " is "
                    + finished.status());
        }
        List<String> argv = new ArrayList<>(List.of(keys.prefix(), finished.id().value(),
                Long.toString(clock.instant().toEpochMilli()), Long.toString(retention.resultTtl().toMillis()),
                Integer.toString(retention.maxFinishedJobs())));
        argv.addAll(JobCodec.fields(finished));
        if ("duplicate".equals(String.valueOf(eval(Scripts.RECORD, argv).getFirst()))) {
            throw new IllegalArgumentException("job " + finished.id() + " is already held");
        }
    }

    @Override
    public void hold(Job follower) {
        Objects.requireNonNull(follower, "follower");
        if (follower.status() != JobStatus.QUEUED) {
            throw new IllegalArgumentException("only QUEUED jobs can be held, job " + follower.id() + " is "
                    + follower.status());
        }
        List<String> argv = new ArrayList<>(List.of(keys.prefix(), follower.id().value(),
                Long.toString(clock.instant().toEpochMilli()),
                Long.toString(redis.config().unfinishedTtl().toMillis())));
        argv.addAll(JobCodec.fields(follower));
        store.admitting(follower.id());
        String outcome;
        try {
            outcome = String.valueOf(eval(Scripts.HOLD, argv).getFirst());
        } catch (RuntimeException e) {
            store.notAdmitted(follower.id());
            throw e;
        }
        if ("duplicate".equals(outcome)) {
            store.notAdmitted(follower.id());
            throw new IllegalArgumentException("job " + follower.id() + " is already held");
        }
    }

    @Override
    public Job retry(JobId id, JobError error, Instant nextAttemptAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Instant now = clock.instant();
        // The script makes it due at its deadline instead if that comes first (the record's deadline_ms).
        List<String> argv = List.of(keys.prefix(), id.value(), Long.toString(now.toEpochMilli()),
                Long.toString(nextAttemptAt.toEpochMilli()), "status", JobStatus.RETRYING.name(),
                "next_attempt", nextAttemptAt.toString(), "error_code", error.code(), "error_message", error.message());
        List<Object> reply = eval(Scripts.RETRY, argv);
        return switch (String.valueOf(reply.getFirst())) {
            case "missing" -> throw new NoSuchElementException("no job " + id);
            case "ok", "noop" -> JobCodec.decode((List<?>) reply.get(1));
            case "illegal" -> {
                Job current = JobCodec.decode((List<?>) reply.get(1));
                current.retrying(error, nextAttemptAt); // throws the state machine's own IllegalStateException
                throw new IllegalStateException("job " + id + " is " + current.status() + ", not PROCESSING");
            }
            default -> throw new IllegalStateException("unexpected retry reply " + reply);
        };
    }

    /**
     * What one {@link #promoteDueRetries} pass did.
     *
     * @param promoted how many due retries went back to their bands
     * @param nextDue  when the earliest retry still waiting is due, by the injected clock (empty: none waits)
     */
    record Promotion(int promoted, Optional<Instant> nextDue) {
    }

    /**
     * Moves due retries of every model back to their bands (at most {@code limit} in one pass), in one script call:
     * atomic, so processes racing on it never move a job twice. See {@link RetryPromoter}.
     */
    Promotion promoteDueRetries(int limit) {
        Instant now = clock.instant();
        List<Object> reply = eval(Scripts.PROMOTE_ALL, List.of(keys.prefix(), Long.toString(now.toEpochMilli()),
                Integer.toString(limit)));
        long nextDue = (Long) reply.get(1);
        return new Promotion((int) (long) (Long) reply.get(0),
                nextDue < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(nextDue)));
    }

    InstantSource clock() {
        return clock;
    }

    @Override
    public void requeueRetrying(String model) {
        Objects.requireNonNull(model, "model");
        eval(Scripts.REQUEUE_RETRYING, List.of(keys.prefix(), model));
    }

    @Override
    public DeadLetterQueue deadLetters() {
        return deadLetters;
    }

    @Override
    public QueueStats stats(String model) {
        List<Object> reply = eval(Scripts.STATS, List.of(keys.prefix(), model));
        return new QueueStats((int) (long) (Long) reply.get(0), (int) (long) (Long) reply.get(1));
    }

    @Override
    public RedisJobStore store() {
        return store;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            redis.close();
        }
    }

    private List<Object> eval(String script, List<String> argv) {
        try {
            return redis.eval(script, argv.toArray(String[]::new));
        } catch (RedisException e) {
            throw redis.unavailable(e);
        }
    }
}
