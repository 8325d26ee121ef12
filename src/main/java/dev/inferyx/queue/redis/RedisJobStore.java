package dev.inferyx.queue.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.queue.JobStore;
import dev.inferyx.queue.RetentionPolicy;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Job records in Redis hashes ({@code {prefix}j:{id}}), readable from any process.
 *
 * <p>Retention: a finished record carries its logical expiry (finish time + {@code result_ttl} by the injected
 * clock) and reads as gone once it passes; Redis deletes it by a real TTL of {@code result_ttl} as well. At most
 * {@code max_finished_jobs} finished records are kept across all models, oldest finished dropped first.
 *
 * <p>{@link #whenFinished} uses pub/sub, not polling: one subscription per process to the {@code finished}
 * channel, on which each finishing script publishes the records it finished (one message per batch), and a local map of waiters, so waking a
 * waiter costs no read. A waiter registers
 * before it reads the record, so a finish is either seen in the read or announced afterwards.
 *
 * <p>Thread-safe.
 */
public final class RedisJobStore implements JobStore {

    private static final Logger LOG = Logger.getLogger(RedisJobStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final Map<JobId, List<CompletableFuture<Job>>> waiters = new ConcurrentHashMap<>();
    private final StatefulRedisPubSubConnection<String, String> subscription;
    /** Completes waiters off Lettuce's event loop, which must never run blocking reads or callers' callbacks. */
    private final ExecutorService notifier = Executors.newVirtualThreadPerTaskExecutor();

    RedisJobStore(RedisConnections redis, RedisKeys keys, RetentionPolicy retention, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.retention = retention;
        this.clock = clock;
        this.subscription = redis.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (!waiters.isEmpty()) {
                    notifier.execute(() -> announced(message));
                }
            }
        });
        subscription.sync().subscribe(keys.finishedChannel());
    }

    @Override
    public Optional<Job> find(JobId id) {
        Objects.requireNonNull(id, "id");
        Map<String, String> fields;
        try {
            fields = redis.sync().hgetall(keys.job(id));
        } catch (RedisException e) {
            throw redis.unavailable(e);
        }
        if (fields == null || fields.isEmpty() || !fields.containsKey("status")) {
            return Optional.empty();
        }
        String expires = fields.get("expires");
        if (expires != null && Long.parseLong(expires) <= clock.instant().toEpochMilli()) {
            return Optional.empty();
        }
        return Optional.of(JobCodec.decode(fields));
    }

    @Override
    public CompletableFuture<Job> whenFinished(JobId id) {
        Objects.requireNonNull(id, "id");
        CompletableFuture<Job> future = new CompletableFuture<>();
        waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(future);
        future.whenComplete((job, error) -> removeWaiter(id, future));
        Optional<Job> now;
        try {
            now = find(id);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return future;
        }
        if (now.isEmpty()) {
            future.completeExceptionally(new NoSuchElementException("no job " + id));
        } else if (now.get().status().isTerminal()) {
            future.complete(now.get());
        }
        return future;
    }

    @Override
    public int size() {
        try {
            long n = redis.evalLong(Scripts.SIZE, keys.prefix(), Long.toString(clock.instant().toEpochMilli()),
                    Long.toString(retention.resultTtl().toMillis()));
            return (int) Math.min(Integer.MAX_VALUE, n);
        } catch (RedisException e) {
            throw redis.unavailable(e);
        }
    }

    /** Waiters currently registered in this process, for leak tests. */
    int waiterCount() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Completes local waiters of the jobs a finish announcement carries: a JSON array of records (each a flat
     * array of field, value, ...), one per job the script finished; a lone record is accepted too.
     */
    private void announced(String message) {
        List<?> records;
        try {
            List<?> parsed = JSON.readValue(message, List.class);
            records = !parsed.isEmpty() && parsed.getFirst() instanceof List<?> ? parsed : List.of(parsed);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring a malformed finish announcement", e);
            return;
        }
        for (Object record : records) {
            Job job;
            try {
                job = JobCodec.decode((List<?>) record);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ignoring a malformed record in a finish announcement", e);
                continue;
            }
            List<CompletableFuture<Job>> list = waiters.get(job.id());
            if (list != null && job.status().isTerminal()) {
                list.forEach(f -> f.complete(job));
            }
        }
    }

    private void removeWaiter(JobId id, CompletableFuture<Job> future) {
        waiters.computeIfPresent(id, (k, list) -> {
            list.remove(future);
            return list.isEmpty() ? null : list;
        });
    }

    void close() {
        try {
            subscription.close();
        } finally {
            notifier.shutdownNow();
        }
    }
}
