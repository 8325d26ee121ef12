package dev.inferyx.queue.redis;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.queue.DeadLetterPage;
import dev.inferyx.queue.DeadLetterQueue;
import dev.inferyx.queue.RetentionPolicy;
import io.lettuce.core.RedisException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The dead-letter queue in Redis (see {@link Scripts}): every step is one script, and each sweeps expired
 * letters from the oldest end first, so reads never see a letter past its TTL by the injected clock.
 */
final class RedisDeadLetters implements DeadLetterQueue {

    private final RedisConnections redis;
    private final RedisKeys keys;
    private final RetentionPolicy retention;
    private final InstantSource clock;

    RedisDeadLetters(RedisConnections redis, RedisKeys keys, RetentionPolicy retention, InstantSource clock) {
        this.redis = redis;
        this.keys = keys;
        this.retention = retention;
        this.clock = clock;
    }

    private List<String> sweepArgs(String first) {
        return List.of(keys.prefix(), first, Long.toString(clock.instant().toEpochMilli()),
                Long.toString(retention.resultTtl().toMillis()), Integer.toString(retention.deadLetterMax()));
    }

    @Override
    public DeadLetterPage list(Optional<String> model, int limit, Optional<String> cursor) {
        Objects.requireNonNull(model, "model");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        long from = cursor.map(DeadLetterQueue::cursorPosition).orElse(0L);
        List<Object> reply = eval(Scripts.DL_LIST, List.of(keys.prefix(), model.orElse(""), Long.toString(from),
                Integer.toString(limit), Long.toString(clock.instant().toEpochMilli()),
                Long.toString(retention.resultTtl().toMillis()), Integer.toString(retention.deadLetterMax())));
        List<Job> jobs = new ArrayList<>(reply.size() - 1);
        for (Object letter : reply.subList(1, reply.size())) {
            jobs.add(JobCodec.decode((List<?>) letter));
        }
        String next = String.valueOf(reply.getFirst());
        return new DeadLetterPage(jobs, next.isEmpty() ? Optional.empty() : Optional.of(next));
    }

    @Override
    public Optional<Job> find(JobId id) {
        List<Object> letter = eval(Scripts.DL_FIND, sweepArgs(id.value()));
        return letter.isEmpty() ? Optional.empty() : Optional.of(JobCodec.decode(letter));
    }

    @Override
    public Job replay(JobId id) {
        Job letter = find(id).orElseThrow(() -> new NoSuchElementException("no dead letter " + id));
        List<String> argv = new ArrayList<>(sweepArgs(id.value()));
        argv.add(Long.toString(redis.config().unfinishedTtl().toMillis()));
        argv.addAll(JobCodec.fields(letter.replayed()));
        List<Object> reply = eval(Scripts.DL_REPLAY, argv);
        if (!"ok".equals(String.valueOf(reply.getFirst()))) {
            throw new NoSuchElementException("no dead letter " + id);
        }
        return JobCodec.decode((List<?>) reply.get(1));
    }

    @Override
    public int purge(Optional<String> model) {
        int purged = 0;
        for (JobId id : ids(model)) {
            List<Object> reply = eval(Scripts.DL_DROP, sweepArgs(id.value()));
            purged += (int) (long) (Long) reply.getFirst();
        }
        return purged;
    }

    @Override
    public int count(String model) {
        List<Object> reply = eval(Scripts.DL_COUNT, sweepArgs(model));
        return (int) (long) (Long) reply.getFirst();
    }

    @Override
    public List<JobId> ids(Optional<String> model) {
        return eval(Scripts.DL_IDS, sweepArgs(model.orElse(""))).stream()
                .map(o -> new JobId(String.valueOf(o))).toList();
    }

    private List<Object> eval(String script, List<String> argv) {
        try {
            return redis.eval(script, argv.toArray(String[]::new));
        } catch (RedisException e) {
            throw redis.unavailable(e);
        }
    }
}
