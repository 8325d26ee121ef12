package dev.inferyx.queue.redis;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.core.tensor.Tensors;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.Finish;
import dev.inferyx.queue.FinishOutcome;
import dev.inferyx.queue.FinishResult;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RedisServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Redis backend promises beyond the shared contract: atomicity, TTLs, pub/sub, crash recovery. */
class RedisJobQueueRedisTest {

    private static final String MODEL = "sim";
    private static final RetentionPolicy RETENTION = new RetentionPolicy(Duration.ofMinutes(10), 1_000);

    private static RedisServer server;
    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> raw;

    private final FakeClock clock = new FakeClock();
    private final List<RedisJobQueue> queues = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        rawClient = RedisClient.create(server.url());
        raw = rawClient.connect();
    }

    @AfterAll
    static void stopRedis() {
        if (raw != null) {
            raw.close();
            rawClient.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newPrefix() {
        prefix = "t" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void closeQueues() {
        queues.forEach(RedisJobQueue::close);
    }

    /** Another process's view of the same Redis and prefix. */
    private RedisJobQueue process(RedisConfig config) {
        RedisJobQueue q = RedisJobQueue.connect(config.withKeyPrefix(prefix), RETENTION, clock);
        queues.add(q);
        return q;
    }

    private RedisJobQueue process() {
        return process(RedisConfig.of(server.url()));
    }

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
        queue.breakerStates().publishOpen(MODEL, now + 30_000, now);

        Map<String, Long> keys;
        try (WorkerHeartbeat beat = WorkerHeartbeat.start(queue, Duration.ofSeconds(10))) {
            keys = keysWithTtl();
        }

        String p = prefix;
        assertThat(keys.keySet()).as("the run wrote every kind of key").contains(p + "unfinished", p + "finished",
                p + "m:sim:bands", p + "m:sim:q:0", p + "m:sim:bell", p + "m:sim:retry", p + "retry:models",
                p + "dlq", p + "dlq:m:sim", p + "dlq:seq", p + "dl:" + sim.get(2).id().value(), p + "rc", p + "rc:d1",
                p + "idem", p + "idem:k1", p + "rl:client", p + "fl:d2", p + "br:sim", p + "workers");
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
    void whenFinished_wakesOnAFinishByAnotherProcess() throws Exception {
        RedisJobQueue gateway = process();
        RedisJobQueue worker = process();
        Job job = job(MODEL, "a", 0, clock.instant());
        gateway.admit(job, 10);
        CompletableFuture<Job> waiting = gateway.store().whenFinished(job.id());
        Job claimed = worker.claim(MODEL, 1, Duration.ofSeconds(5)).getFirst();
        assertThat(waiting).isNotDone();

        worker.finishDone(claimed.id(), new Output.Text("A"));

        assertThat(waiting.get(10, TimeUnit.SECONDS).output()).contains(new Output.Text("A"));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.store().waiterCount() == 0);
    }

    @Test
    void whenFinished_onAJobThisProcessAdmitted_readsNothingAndHearsTheFinish() throws Exception {
        RedisJobQueue gateway = process();
        RedisJobQueue worker = process();
        Job job = job(MODEL, "a", 0, clock.instant());
        gateway.admit(job, 10);
        raw.sync().configResetstat();

        CompletableFuture<Job> waiting = gateway.store().whenFinished(job.id());
        assertThat(calls("hgetall")).as("no read: the announcement is still to come").isZero();
        worker.finishDone(worker.claim(MODEL, 1, Duration.ZERO).getFirst().id(), new Output.Text("A"));

        assertThat(waiting.get(10, TimeUnit.SECONDS).output()).contains(new Output.Text("A"));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.store().unannouncedCount() == 0);
    }

    @Test
    void whenFinished_announcementLostWhileResubscribing_isFoundByTheRecheck() throws Exception {
        RedisJobQueue gateway = process();
        RedisJobQueue worker = process();
        Job job = job(MODEL, "a", 0, clock.instant());
        gateway.admit(job, 10);
        CompletableFuture<Job> waiting = gateway.store().whenFinished(job.id());

        raw.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub()); // its announcement is likely lost
        worker.finishDone(worker.claim(MODEL, 1, Duration.ZERO).getFirst().id(), new Output.Text("A"));

        assertThat(waiting.get(10, TimeUnit.SECONDS).output()).contains(new Output.Text("A"));
        assertThat(gateway.store().whenFinished(job.id()).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(JobStatus.DONE);
    }

    @Test
    void whenFinished_cancelledWaiter_isForgotten() {
        RedisJobQueue queue = process();
        Job job = job(MODEL, "a", 0, clock.instant());
        queue.admit(job, 10);

        queue.store().whenFinished(job.id()).cancel(false);

        assertThat(queue.store().waiterCount()).isZero();
    }

    @Test
    void claimedJobOfADeadWorker_isReclaimedAfterTheVisibilityTimeout() throws Exception {
        RedisConfig fast = RedisConfig.of(server.url()).withVisibility(Duration.ofMillis(100), 5);
        RedisJobQueue dead = process(fast);
        RedisJobQueue live = process(fast);
        Job job = job(MODEL, "a", 0, clock.instant());
        dead.admit(job, 10);
        assertThat(dead.claim(MODEL, 1, Duration.ZERO)).hasSize(1);
        dead.close(); // its worker died mid-batch: the entry stays pending under its consumer

        List<Job> reclaimed = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            reclaimed.addAll(live.claim(MODEL, 1, Duration.ofMillis(50)));
            return !reclaimed.isEmpty();
        });

        assertThat(reclaimed).extracting(Job::id).containsExactly(job.id());
        assertThat(reclaimed.getFirst().status()).isEqualTo(JobStatus.PROCESSING);
        live.finishDone(job.id(), new Output.Text("A"));
        assertThat(live.stats(MODEL).unfinished()).isZero();
    }

    /** Calls of one Redis command since the last CONFIG RESETSTAT, from INFO commandstats. */
    private static long calls(String command) {
        for (String line : raw.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
            }
        }
        return 0;
    }

    @Test
    void finishAll_isOneScriptCallAndOneAnnouncementForTheWholeBatch() throws Exception {
        RedisJobQueue queue = process();
        for (int i = 0; i < 5; i++) {
            queue.admit(job(MODEL, "j" + i, 0, clock.instant()), 10);
        }
        List<Job> batch = queue.claim(MODEL, 5, Duration.ZERO);
        List<CompletableFuture<Job>> waiting = batch.stream().map(j -> queue.store().whenFinished(j.id())).toList();
        raw.sync().configResetstat();

        queue.finishAll(batch.stream()
                .map(j -> new Finish(j.id(), new Completion.Done(new Output.Text("x")))).toList());

        assertThat(calls("evalsha")).as("script calls").isEqualTo(1);
        assertThat(calls("publish")).as("announcements").isEqualTo(1);
        for (CompletableFuture<Job> w : waiting) {
            assertThat(w.get(10, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.DONE);
        }
    }

    @Test
    void finishAll_byAWorkerWhoseJobWasReclaimedAndFinished_doesNotOverwriteIt() throws Exception {
        RedisConfig fast = RedisConfig.of(server.url()).withVisibility(Duration.ofMillis(50), 5);
        RedisJobQueue slow = process(fast);
        RedisJobQueue live = process(fast);
        Job job = job(MODEL, "a", 0, clock.instant());
        Job other = job(MODEL, "b", 0, clock.instant());
        slow.admit(job, 10);
        assertThat(slow.claim(MODEL, 1, Duration.ZERO)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !live.claim(MODEL, 1, Duration.ofMillis(20)).isEmpty());
        Job theirs = live.finishDone(job.id(), new Output.Text("theirs"));
        slow.admit(other, 10);
        assertThat(slow.claim(MODEL, 1, Duration.ZERO)).extracting(Job::id).containsExactly(other.id());

        List<FinishOutcome> outcomes = slow.finishAll(List.of(
                new Finish(job.id(), new Completion.Done(new Output.Text("mine, late"))),
                new Finish(other.id(), new Completion.Done(new Output.Text("B")))));

        assertThat(outcomes.get(0)).isEqualTo(new FinishResult(theirs, false));
        assertThat(slow.find(job.id())).contains(theirs);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(FinishResult.class, r -> assertThat(r.transitioned()).isTrue());
        assertThat(slow.stats(MODEL)).isEqualTo(new dev.inferyx.queue.QueueStats(0, 0));
        assertThat(raw.sync().exists(prefix + "m:" + MODEL + ":q:0")).as("every entry acknowledged").isZero();
    }

    @Test
    void jobDeliveredMaxDeliveriesTimes_failsAsPoison() throws Exception {
        RedisConfig fast = RedisConfig.of(server.url()).withVisibility(Duration.ofMillis(50), 2);
        RedisJobQueue queue = process(fast);
        Job job = job(MODEL, "a", 0, clock.instant());
        queue.admit(job, 10);
        assertThat(queue.claim(MODEL, 1, Duration.ZERO)).hasSize(1); // delivery 1, never finished
        await().atMost(Duration.ofSeconds(10)).until(() -> !queue.claim(MODEL, 1, Duration.ofMillis(20)).isEmpty());
        // delivery 2 was never finished either: the next reclaim fails it instead of delivering it a third time

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertThat(queue.claim(MODEL, 1, Duration.ofMillis(20))).isEmpty();
            return queue.find(job.id()).map(Job::status).orElseThrow() == JobStatus.FAILED;
        });

        Job failed = queue.find(job.id()).orElseThrow();
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("poison"));
        assertThat(queue.stats(MODEL)).isEqualTo(new dev.inferyx.queue.QueueStats(0, 0));
        assertThat(queue.deadLetters().find(job.id())).as("a poison job is dead-lettered, for replay")
                .contains(failed);
    }

    @Test
    void embeddingResult_roundTripsExactly() throws Exception {
        RedisJobQueue queue = process();
        Job job = job(MODEL, "a", 0, clock.instant());
        queue.admit(job, 10);
        queue.claim(MODEL, 1, Duration.ZERO);
        Output.Embedding vector = new Output.Embedding(new float[] {0.1f, -3.5e-8f, Float.MAX_VALUE, 0f});

        queue.finishDone(job.id(), vector);

        assertThat(queue.find(job.id()).orElseThrow().output()).contains(vector);
    }

    @Test
    void tensorInputAndOutput_roundTripExactly() throws Exception {
        RedisJobQueue queue = process();
        Job job = Job.accepted(JobId.random(), MODEL, new Input.Tensors(Tensors.everyKind()), "owner", 0,
                clock.instant(), Optional.empty());
        queue.admit(job, 10);
        queue.claim(MODEL, 1, Duration.ZERO);
        Output.Tensors output = new Output.Tensors(Tensors.everyKind().reversed());

        queue.finishDone(job.id(), output);

        Job stored = queue.find(job.id()).orElseThrow();
        assertThat(stored.input()).isEqualTo(job.input());
        assertThat(stored.output()).contains(output);
    }

    @Test
    void retryScheduledByOneProcess_isClaimedByAnotherOnceDue() throws Exception {
        RedisJobQueue first = process();
        RedisJobQueue second = process();
        Job job = job(MODEL, "a", 0, clock.instant());
        first.admit(job, 10);
        first.claim(MODEL, 1, Duration.ZERO);
        first.retry(job.id(), new JobError("model_error", "flaky"), clock.instant().plusSeconds(2));

        assertThat(second.claim(MODEL, 1, Duration.ZERO)).isEmpty();
        clock.advance(Duration.ofSeconds(2));

        assertThat(second.claim(MODEL, 1, Duration.ZERO)).extracting(Job::id).containsExactly(job.id());
        assertThat(raw.sync().zcard(prefix + "m:" + MODEL + ":retry")).isZero();
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

    @Test
    void connect_unreachableRedis_failsFastAsUnavailable() {
        RedisConfig nowhere = new RedisConfig("redis://127.0.0.1:1", "x:", Duration.ofMillis(500),
                Duration.ofMinutes(1), 3, Duration.ofDays(1));

        assertThatThrownBy(() -> RedisJobQueue.connect(nowhere, RETENTION, clock))
                .isInstanceOfSatisfying(dev.inferyx.core.UnavailableException.class,
                        e -> assertThat(e.code()).isEqualTo("backend_unavailable"));
    }

    @Test
    void heartbeat_countsLiveWorkerProcessesAndForgetsOneThatLeaves() {
        try (WorkerHeartbeat first = WorkerHeartbeat.start(process(), Duration.ofMillis(100));
             WorkerHeartbeat second = WorkerHeartbeat.start(process(), Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.liveWorkers() == 2 && second.liveWorkers() == 2);
            assertThat(raw.sync().pttl(prefix + "workers")).isPositive();

            second.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> first.liveWorkers() == 1);
        }
    }

    /** The consumer names in a band's group. */
    private List<String> consumers(String stream) {
        List<String> names = new ArrayList<>();
        for (Object consumer : raw.sync().xinfoConsumers(stream, RedisKeys.GROUP)) {
            List<?> fields = (List<?>) consumer;
            for (int i = 0; i < fields.size(); i += 2) {
                if ("name".equals(fields.get(i))) {
                    names.add(String.valueOf(fields.get(i + 1)));
                }
            }
        }
        return names;
    }

    @Test
    void heartbeat_deletesDeadConsumers_onceNothingIsPendingForThem() throws Exception {
        String band = prefix + "m:" + MODEL + ":q:0";
        RedisJobQueue live = process();
        RedisJobQueue deadIdle = process();
        RedisJobQueue deadBusy = process();
        for (int i = 0; i < 4; i++) {
            live.admit(job(MODEL, "j" + i, 0, clock.instant()), 10); // j3 stays queued: the band never empties
        }
        live.finishDone(live.claim(MODEL, 1, Duration.ZERO).getFirst().id(), new Output.Text("x"));
        deadIdle.finishDone(deadIdle.claim(MODEL, 1, Duration.ZERO).getFirst().id(), new Output.Text("x"));
        Job stuck = deadBusy.claim(MODEL, 1, Duration.ZERO).getFirst(); // its process dies with it claimed
        assertThat(consumers(band)).containsExactlyInAnyOrder(live.consumer(), deadIdle.consumer(),
                deadBusy.consumer());

        try (WorkerHeartbeat beating = WorkerHeartbeat.start(live, Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> consumers(band).size() == 2);
            assertThat(consumers(band)).as("a live process is kept though idle; a dead one with a job pending too")
                    .containsExactlyInAnyOrder(live.consumer(), deadBusy.consumer());

            RedisJobQueue rescuer = process(RedisConfig.of(server.url()).withVisibility(Duration.ofMillis(50), 5));
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.sync().xpending(band, RedisKeys.GROUP,
                    io.lettuce.core.Range.unbounded(), io.lettuce.core.Limit.from(1)).getFirst()
                    .getMsSinceLastDelivery() > 100);
            assertThat(rescuer.claim(MODEL, 1, Duration.ZERO)).as("the stale entry is reclaimed first")
                    .extracting(Job::id).containsExactly(stuck.id());
            rescuer.finishDone(stuck.id(), new Output.Text("x"));

            await().atMost(Duration.ofSeconds(10)).until(() -> consumers(band).equals(List.of(live.consumer())));
            assertThat(beating.pruneDeadConsumers()).isZero();
        }
        assertThat(live.claim(MODEL, 1, Duration.ZERO)).as("the band still works").hasSize(1);
    }
}
