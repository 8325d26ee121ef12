package dev.inferyx.queue.redis;

import dev.inferyx.core.Job;
import dev.inferyx.queue.RetentionPolicy;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Claiming for {@link RedisJobQueue}: the claim script (due retries back to their bands, stale entries reclaimed or
 * poisoned, new entries read highest band first), and the wait between its runs.
 *
 * <p><b>Waiting.</b> Blocking {@code XREADGROUP} cannot run inside a script and, over several band streams, its
 * COUNT applies per stream; so a claim that finds nothing blocks instead with {@code XREAD BLOCK} on the model's
 * admission doorbell stream (one entry per admission, MAXLEN 16) from the id the claim script returned, then runs
 * the script again. The claim script and the doorbell id are read atomically, so no admission is missed. Each
 * block is at most one second, so stale entries are reclaimed while idle too, on a dedicated connection.
 * A claim blocks no longer than until the earliest due retry either, which the claim script reports.
 *
 * <p>One instance per queue, under this process's consumer name. Thread-safe.
 */
final class RedisClaims {

    private static final Duration MAX_BLOCK = Duration.ofSeconds(1);
    private static final String POISON_MESSAGE = "job was delivered too many times without finishing";

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final String consumer;

    RedisClaims(RedisConnections redis, RedisKeys keys, RetentionPolicy retention, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.retention = retention;
        this.clock = clock;
        this.consumer = "c-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This process's consumer name in every band's group. */
    String consumer() {
        return consumer;
    }

    /** See {@link dev.inferyx.queue.JobQueue#claim}. */
    List<Job> claim(String model, int max, Duration maxWait) throws InterruptedException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(maxWait, "maxWait");
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        long deadline = System.nanoTime() + saturatedNanos(maxWait);
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while claiming jobs of " + model);
            }
            Instant now = clock.instant();
            List<Object> reply;
            try {
                reply = redis.eval(Scripts.CLAIM, keys.prefix(), model, consumer, Integer.toString(max),
                        Long.toString(redis.config().visibilityTimeout().toMillis()),
                        Integer.toString(redis.config().maxDeliveries()), Long.toString(now.toEpochMilli()),
                        Long.toString(retention.resultTtl().toMillis()), Integer.toString(retention.maxFinishedJobs()),
                        now.toString(), POISON_MESSAGE, Integer.toString(retention.deadLetterMax()));
            } catch (RedisCommandInterruptedException e) {
                Thread.interrupted();
                throw new InterruptedException("interrupted while claiming jobs of " + model);
            } catch (RedisException e) {
                throw redis.unavailable(e);
            }
            if (reply.size() > 4) {
                List<Job> claimed = new ArrayList<>(reply.size() - 4);
                for (Object record : reply.subList(4, reply.size())) {
                    claimed.add(JobCodec.decode((List<?>) record));
                }
                return claimed;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return List.of();
            }
            long block = Math.min(remaining, MAX_BLOCK.toNanos());
            long nextDue = (Long) reply.get(3);
            if (nextDue >= 0) {
                // Wake for the earliest retry: the next claim script moves it back to its band.
                block = Math.min(block, Math.max(1, nextDue - now.toEpochMilli()) * 1_000_000L);
            }
            awaitAdmission(model, String.valueOf(reply.get(1)), Duration.ofNanos(block));
        }
    }

    /** Blocks until the model's doorbell rings after {@code lastBell}, or {@code wait} passes. */
    private void awaitAdmission(String model, String lastBell, Duration wait) throws InterruptedException {
        long blockMs = Math.max(1, wait.toMillis());
        StatefulRedisConnection<String, String> connection;
        try {
            connection = redis.borrowBlocking();
        } catch (RedisException e) {
            throw redis.unavailable(e);
        }
        Future<List<StreamMessage<String, String>>> read = connection.async().xread(XReadArgs.Builder.block(blockMs)
                .count(1), XReadArgs.StreamOffset.from(keys.bell(model), lastBell));
        try {
            read.get(blockMs + redis.blockingSlack().toMillis(), TimeUnit.MILLISECONDS);
            redis.release(connection);
        } catch (InterruptedException e) {
            // The read is still in flight on this connection; it cannot be reused.
            connection.closeAsync();
            throw e;
        } catch (TimeoutException e) {
            connection.closeAsync();
            throw redis.unavailable(new RedisException("blocking read timed out", e));
        } catch (ExecutionException e) {
            connection.closeAsync();
            throw redis.unavailable(e.getCause() instanceof RedisException re ? re : new RedisException(e.getCause()));
        }
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }
}
