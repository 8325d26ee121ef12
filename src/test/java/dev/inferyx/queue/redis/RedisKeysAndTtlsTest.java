package dev.inferyx.queue.redis;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.Output;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.RetentionPolicy;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What the Redis backend leaves in Redis: no key without a TTL, every index outliving what it describes, and
 * slots, bands and dead-letter sequences that heal when what they count has expired.
 */
class RedisKeysAndTtlsTest extends RedisProcesses {

    private Map<String, Long> keysWithTtl() {
        RedisCommands<String, String> cmd = raw.sync();
        Map<String, Long> keys = new TreeMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = cmd.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            page.getKeys().forEach(k -> keys.put(k, cmd.pttl(k)));
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    @Test
    void admit_rejectedAtBound_writesNoKey() {
        RedisJobQueue queue = process();
        queue.admit(job(MODEL, "a", 0, clock.instant()), 1);
        Map<String, Long> before = keysWithTtl();

        Job rejected = job(MODEL, "b", 7, clock.instant());
        assertThatThrownBy(() -> queue.admit(rejected, 1)).isInstanceOf(QueueFullException.class);

        assertThat(keysWithTtl().keySet()).isEqualTo(before.keySet());
        assertThat(raw.sync().exists(prefix + "j:" + rejected.id())).isZero();
    }

    /** Whether {@code index} expires no sooner than {@code described}, both read at one instant (one script). */
    private boolean outlives(String index, String described) {
        List<Long> ttls = raw.sync().eval("return {redis.call('PTTL', KEYS[1]), redis.call('PTTL', KEYS[2])}",
                io.lettuce.core.ScriptOutputType.MULTI, index, described);
        return ttls.get(1) > 0 && ttls.get(0) >= ttls.get(1);
    }

    @Test
    void afterARun_everyKeyHasATtl_andEachIndexOutlivesWhatItDescribes() throws Exception {
        RedisJobQueue queue = process();
        for (int i = 0; i < 12; i++) {
            queue.admit(job(i % 2 == 0 ? MODEL : "echo", "j" + i, i % 3, clock.instant()), 100);
        }
        List<Job> sim = queue.claim(MODEL, 5, Duration.ZERO);
        queue.finishDone(sim.get(0).id(), new Output.Text("x"));
        queue.finishFailed(sim.get(1).id(), new JobError("model_error", "boom"), true);
        queue.finishExpired(queue.claim("echo", 1, Duration.ZERO).getFirst().id());
        queue.finish(sim.get(2).id(), new Completion.DeadLettered(new JobError("model_error", "dead")));
        queue.retry(sim.get(3).id(), new JobError("model_error", "flaky"), clock.instant().plusSeconds(1));
        queue.retry(sim.get(4).id(), new JobError("model_error", "flaky"), clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.promoteDueRetries(10).promoted()).as("one retry promoted, one still waiting").isEqualTo(1);
        queue.resultEntries(Duration.ofMinutes(5), 10).put("d1", "cached");
        queue.idempotencyKeys(Duration.ofMinutes(5), 10)
                .bindIfAbsent("k1", new RedisIdempotencyKeys.Binding("fp", "req"));
        assertThat(queue.tokenBuckets().tryTake("client", 1.0, 5, clock.instant().toEpochMilli() * 1000)).isEmpty();
        assertThat(queue.flightLeaders(Duration.ofMinutes(1)).claim("d2", "leader")).isEmpty();
        long now = clock.instant().toEpochMilli();
        queue.breakerStates().publishOpen(MODEL, now + 30_000, now + 60_000, now);
        queue.breakerStates().publishOpen("echo", now - 1, now + 30_000, now);
        assertThat(queue.breakerStates().takeProbe("echo", now, 1).taken()).as("half-open: a probe slot").isTrue();
        queue.modelDescriptions().publish(new RedisModelDescriptions.Description(MODEL, "1", "inferyx",
                Signature.text(new TensorSpec("out", DataType.BYTES, List.of(TensorSpec.ANY)))), Duration.ofSeconds(15));

        Map<String, Long> keys;
        try (WorkerHeartbeat beat = WorkerHeartbeat.start(queue, Duration.ofSeconds(10))) {
            keys = keysWithTtl();
        }

        String p = prefix;
        assertThat(keys.keySet()).as("the run wrote every kind of key").contains(p + "unfinished", p + "finished",
                p + "m:sim:bands", p + "m:sim:q:0", p + "m:sim:bell", p + "m:sim:retry", p + "retry:models",
                p + "dlq", p + "dlq:m:sim", p + "dlq:seq", p + "dl:" + sim.get(2).id().value(), p + "rc", p + "rc:d1",
                p + "idem", p + "idem:k1", p + "rl:client", p + "fl:d2", p + "br:sim", p + "br:echo", p + "md:sim",
                p + "workers");
        assertThat(keys.keySet()).as("the half-open probe counter").anyMatch(k -> k.startsWith(p + "br:echo:probes:"));
        keys.forEach((key, ttl) -> assertThat(ttl).as("TTL of %s (%s)", key, raw.sync().type(key)).isPositive());

        String waiting = p + "j:" + sim.get(4).id().value();
        String queued = p + "j:" + queue.claim(MODEL, 1, Duration.ZERO).getFirst().id().value();
        assertThat(outlives(p + "unfinished", waiting)).as("unfinished outlives a counted job").isTrue();
        assertThat(outlives(p + "m:sim:retry", waiting)).as("retry zset outlives its jobs").isTrue();
        assertThat(outlives(p + "retry:models", waiting)).as("retry models outlive their retries").isTrue();
        assertThat(outlives(p + "m:sim:bands", queued)).as("bands outlive a job in a band").isTrue();
        assertThat(outlives(raw.sync().hget(queued, "stream"), queued)).as("a band outlives its jobs").isTrue();
        String letter = p + "dl:" + sim.get(2).id().value();
        assertThat(outlives(p + "dlq", letter)).isTrue();
        assertThat(outlives(p + "dlq:m:sim", letter)).isTrue();
        assertThat(outlives(p + "dlq:seq", letter)).isTrue();
        assertThat(outlives(p + "rc", p + "rc:d1")).isTrue();
        assertThat(outlives(p + "idem", p + "idem:k1")).isTrue();
    }

    @Test
    void slotsOfJobsWhoseRecordsAndBandExpiredUnclaimed_areFreedAtTheNextAdmission() {
        RedisConfig shortLived = new RedisConfig(server.url(), "x:", Duration.ofSeconds(2), Duration.ofMinutes(5), 5,
                Duration.ofMillis(300));
        RedisJobQueue forgetful = process(shortLived);
        process().admit(job("echo", "keeps the count hash alive", 0, clock.instant()), 10);
        forgetful.admit(job(MODEL, "never claimed", 0, clock.instant()), 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> raw.sync().exists(prefix + "m:sim:q:0",
                prefix + "m:sim:bands") == 0);

        assertThat(raw.sync().hget(prefix + "unfinished", MODEL)).as("the stale slot is still counted").isEqualTo("1");
        assertThat(forgetful.stats(MODEL).unfinished()).isZero();
        forgetful.admit(job(MODEL, "fits the bound of 1", 0, clock.instant()), 1);
        assertThat(forgetful.stats(MODEL).unfinished()).isEqualTo(1);
        assertThat(forgetful.stats("echo").unfinished()).isEqualTo(1);
    }

    @Test
    void bandWhoseStreamExpired_isSkippedAndUnlisted_thenTheStaleSlotIsFreed() throws Exception {
        RedisJobQueue forgetful = process(new RedisConfig(server.url(), "x:", Duration.ofSeconds(2),
                Duration.ofMinutes(5), 5, Duration.ofMillis(300)));
        RedisJobQueue worker = process();
        forgetful.admit(job(MODEL, "expires unclaimed", 0, clock.instant()), 10);
        Job live = job(MODEL, "live", 1, clock.instant());
        worker.admit(live, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> raw.sync().exists(prefix + "m:sim:q:0") == 0);
        assertThat(raw.sync().zrange(prefix + "m:sim:bands", 0, -1)).as("still listed").contains("0");

        assertThat(worker.claim(MODEL, 5, Duration.ZERO)).extracting(Job::id).containsExactly(live.id());
        worker.finishDone(live.id(), new Output.Text("x"));

        assertThat(raw.sync().exists(prefix + "m:sim:bands")).as("no band left listed").isZero();
        assertThat(worker.stats(MODEL).unfinished()).isZero();
    }

    private Job deadLetter(RedisJobQueue queue, String text) throws Exception {
        Job job = job(MODEL, text, 0, clock.instant());
        queue.admit(job, 10);
        queue.claim(MODEL, 1, Duration.ZERO);
        return queue.finish(job.id(), new Completion.DeadLettered(new JobError("model_error", text))).job();
    }

    @Test
    void deadLetterSequence_thatExpired_restartsAboveEveryCursorHandedOut() throws Exception {
        RedisJobQueue queue = RedisJobQueue.connect(RedisConfig.of(server.url()).withKeyPrefix(prefix),
                new RetentionPolicy(Duration.ofMillis(300), 1_000), clock);
        queues.add(queue);
        deadLetter(queue, "a");
        deadLetter(queue, "b");
        Optional<String> cursor = queue.deadLetters().list(Optional.empty(), 1, Optional.empty()).next();
        assertThat(cursor).isPresent();

        await().atMost(Duration.ofSeconds(10)).until(() -> raw.sync().exists(prefix + "dlq:seq", prefix + "dlq") == 0);
        clock.advance(Duration.ofSeconds(1));
        Job late = deadLetter(queue, "c");

        assertThat(queue.deadLetters().list(Optional.empty(), 10, cursor).jobs()).extracting(Job::id)
                .containsExactly(late.id());
    }

    @Test
    void emptyBandStream_isDeletedWithItsPriority() throws Exception {
        RedisJobQueue queue = process();
        Job job = job(MODEL, "a", 42, clock.instant());
        queue.admit(job, 10);
        assertThat(raw.sync().exists(prefix + "m:sim:q:42")).isEqualTo(1);

        queue.finishDone(queue.claim(MODEL, 1, Duration.ZERO).getFirst().id(), new Output.Text("A"));

        assertThat(raw.sync().exists(prefix + "m:sim:q:42", prefix + "m:sim:bands")).isZero();
    }

    @Test
    void deadLetter_isAHashWithATtl_andReplayRemovesEveryTrace() throws Exception {
        RedisJobQueue queue = process();
        Job job = job(MODEL, "a", 0, clock.instant());
        queue.admit(job, 10);
        queue.claim(MODEL, 1, Duration.ZERO);
        queue.finish(job.id(), new dev.inferyx.queue.Completion.DeadLettered(new JobError("model_error", "x")));

        assertThat(raw.sync().pttl(prefix + "dl:" + job.id().value())).isPositive();
        queue.deadLetters().replay(job.id());

        assertThat(raw.sync().exists(prefix + "dl:" + job.id().value())).isZero();
        assertThat(raw.sync().zcard(prefix + "dlq")).isZero();
        assertThat(raw.sync().zcard(prefix + "dlq:m:" + MODEL)).isZero();
        assertThat(queue.claim(MODEL, 1, Duration.ZERO)).extracting(Job::id).containsExactly(job.id());
    }
}
