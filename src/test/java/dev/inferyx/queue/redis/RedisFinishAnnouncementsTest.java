package dev.inferyx.queue.redis;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.Tensors;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.Finish;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How a finish reaches other processes: pub/sub wake-ups for waiters (also when an announcement is lost), one
 * script call and one announcement per batch, and results that read back exactly in another process.
 */
class RedisFinishAnnouncementsTest extends RedisProcesses {

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
}
