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
import java.util.Set;
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
 * channel, on which each finishing script publishes the records it finished (one message per batch), and a local
 * map of waiters, so waking a waiter costs no read. A waiter registers before it reads the record, so a finish is
 * either seen in the read or announced afterwards. For a job this process admitted and has not yet heard finish
 * (the usual {@code ?wait=} request) even that read is skipped: its announcement is still to come, so a waiter
 * registered now will hear it (a finish by another process is then seen when its announcement arrives, not by a
 * read; a finish by this process ends the shortcut at once). Pub/sub drops messages while disconnected, so on
 * every (re)subscription the shortcut is reset and every registered waiter reads its record once.
 *
 * <p>Thread-safe.
 */
public final class RedisJobStore implements JobStore {

    private static final Logger LOG = Logger.getLogger(RedisJobStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most admitted-but-unannounced jobs remembered; a gateway holds far fewer unfinished jobs than this. */
    static final int MAX_UNANNOUNCED = 100_000;

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final RetentionPolicy retention;
    private final InstantSource clock;
    private final Map<JobId, List<CompletableFuture<Job>>> waiters = new ConcurrentHashMap<>();
    /**
     * Jobs admitted (or held) by this process whose finish announcement has not arrived: whenFinished need not read
     * them. Bounded (beyond it, waiters read as before); reset on resubscription, since announcements may be lost.
     */
    private final Set<JobId> unannounced = ConcurrentHashMap.newKeySet();
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
                if (!waiters.isEmpty() || !unannounced.isEmpty()) {
                    notifier.execute(() -> announced(message));
                }
            }

            @Override
            public void subscribed(String channel, long count) {
                // The first subscription, or a new one after a reconnect: announcements in between are lost.
                notifier.execute(RedisJobStore.this::resubscribed);
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
        if (unannounced.contains(id)) {
            // Registered before its announcement is handled (which first removes it from the set): it will hear it.
            return future;
        }
        checkRecord(id, future);
        return future;
    }

    /** Completes {@code future} from the stored record if the job is finished or gone. */
    private void checkRecord(JobId id, CompletableFuture<Job> future) {
        Optional<Job> now;
        try {
            now = find(id);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        if (now.isEmpty()) {
            future.completeExceptionally(new NoSuchElementException("no job " + id));
        } else if (now.get().status().isTerminal()) {
            future.complete(now.get());
        }
    }

    /** This process is about to admit (or hold) {@code id}: until its finish is announced, waiters need no read. */
    void admitting(JobId id) {
        if (unannounced.size() < MAX_UNANNOUNCED) {
            unannounced.add(id);
        }
    }

    /** The admission of {@code id} failed or may not have happened: waiters read as usual. */
    void notAdmitted(JobId id) {
        unannounced.remove(id);
    }

    private void resubscribed() {
        unannounced.clear();
        for (Map.Entry<JobId, List<CompletableFuture<Job>>> waiting : waiters.entrySet()) {
            Optional<Job> now;
            try {
                now = find(waiting.getKey());
            } catch (RuntimeException e) {
                // Redis went away again: the next resubscription checks once more; the waiter keeps waiting.
                LOG.log(Level.FINE, "could not re-check job " + waiting.getKey() + " after resubscribing", e);
                continue;
            }
            if (now.isPresent() && now.get().status().isTerminal()) {
                waiting.getValue().forEach(f -> f.complete(now.get()));
            }
        }
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

    /** Jobs whose announcement this process still expects, for tests. */
    int unannouncedCount() {
        return unannounced.size();
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
            unannounced.remove(job.id()); // before waking waiters: see whenFinished
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
