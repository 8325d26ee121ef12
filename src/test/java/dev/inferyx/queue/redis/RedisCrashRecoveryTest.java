package dev.inferyx.queue.redis;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.Finish;
import dev.inferyx.queue.FinishOutcome;
import dev.inferyx.queue.FinishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What survives a dead or unreachable process: reclaiming after the visibility timeout, poison jobs, retries
 * claimed by another process, heartbeats and the pruning of dead consumers.
 */
class RedisCrashRecoveryTest extends RedisProcesses {

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
