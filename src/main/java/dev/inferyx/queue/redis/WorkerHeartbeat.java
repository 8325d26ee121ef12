package dev.inferyx.queue.redis;

import dev.inferyx.core.DurationFormat;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This worker process's liveness in Redis, and how many worker processes are alive, for fleet-wide pool sizing;
 * and, after each beat, the removal of dead processes' consumer names from the band streams' groups.
 *
 * <p>Each beat records {@code consumer -> expiry} (real time, ms) in the sorted set {@code {prefix}workers}, drops
 * members whose expiry passed and refreshes the set's own TTL, in one script; a process that dies simply stops
 * beating and falls out after {@code ttl}. {@link #close} removes this process at once. One virtual thread beats
 * every {@code interval}; {@link #liveWorkers} is the count seen at the last beat (at least 1: this process).
 *
 * <p>Every consumer name that ever read a band stays in its group until the stream is deleted, and a busy band
 * may never empty, so names of dead processes would pile up (each restart of a worker adds one). After each beat
 * the live process deletes, in one script, every consumer that has no live heartbeat, nothing pending (a dead
 * process's jobs are reclaimed by live workers first) and has been idle at least {@code ttl}.
 *
 * <p>Thread-safe.
 */
public final class WorkerHeartbeat implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerHeartbeat.class.getName());

    static final String BEAT = """
            local key, me, now, ttl = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
            redis.call('ZADD', key, now + ttl, me)
            redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
            redis.call('PEXPIRE', key, ttl)
            return redis.call('ZCARD', key)
            """;

    private final RedisConnections redis;
    private final String prefix;
    private final String key;
    private final String consumer;
    private final Duration ttl;
    private final Runnable afterBeat;
    private final Thread thread;
    private volatile int live = 1;

    private WorkerHeartbeat(RedisConnections redis, String prefix, String key, String consumer, Duration interval,
                            Runnable afterBeat) {
        this.redis = redis;
        this.prefix = prefix;
        this.key = key;
        this.consumer = consumer;
        this.ttl = interval.multipliedBy(3);
        this.afterBeat = afterBeat;
        beat();
        this.thread = Thread.ofVirtual().name("inferyx-heartbeat").start(() -> loop(interval));
    }

    /** Starts beating for {@code queue}'s process every {@code interval} (> 0); members expire after 3 intervals. */
    public static WorkerHeartbeat start(RedisJobQueue queue, Duration interval) {
        return start(queue, interval, () -> { });
    }

    /**
     * Like {@link #start(RedisJobQueue, Duration)}, and runs {@code afterBeat} on the heartbeat's thread after each
     * beat (not the first, which happens before this returns), so state this process publishes with a TTL of a few
     * beats stays live about as long as the process does. {@code afterBeat} must not throw.
     */
    public static WorkerHeartbeat start(RedisJobQueue queue, Duration interval, Runnable afterBeat) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(afterBeat, "afterBeat");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, was "
                    + DurationFormat.format(interval));
        }
        return new WorkerHeartbeat(queue.connections(), queue.keys().prefix(), queue.keys().workers(), queue.consumer(),
                interval, afterBeat);
    }

    /** Worker processes alive at the last beat, this one included (>= 1). */
    public int liveWorkers() {
        return live;
    }

    private void loop(Duration interval) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(interval);
                beat();
                afterBeat.run();
                pruneDeadConsumers();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close(): the thread ends
        }
    }

    private void beat() {
        try {
            long n = redis.sync().eval(BEAT, io.lettuce.core.ScriptOutputType.INTEGER, new String[] {key}, consumer,
                    Long.toString(System.currentTimeMillis()), Long.toString(ttl.toMillis()));
            live = (int) Math.max(1, n);
        } catch (RedisException e) {
            LOG.log(Level.FINE, "heartbeat failed; keeping the last fleet size " + live, e);
        }
    }

    /** Deletes dead processes' consumer names from every band's group; returns how many (0 when Redis fails). */
    long pruneDeadConsumers() {
        try {
            return redis.evalLong(Scripts.PRUNE_CONSUMERS, prefix, Long.toString(System.currentTimeMillis()),
                    Long.toString(ttl.toMillis()));
        } catch (RedisException e) {
            LOG.log(Level.FINE, "could not prune dead consumers; trying again after the next beat", e);
            return 0;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
            redis.sync().zrem(key, consumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RedisException e) {
            LOG.log(Level.FINE, "could not deregister " + consumer + "; it expires after " + ttl, e);
        }
    }
}
