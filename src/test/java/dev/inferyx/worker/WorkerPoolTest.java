package dev.inferyx.worker;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.batch.Batcher;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import dev.inferyx.testing.ScriptedModel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool with real threads against a real in-memory queue. Integration-style: a real clock and Awaitility
 * for what threads do; assertions are on outcomes (states, counts, bounds), never on how long anything took.
 */
@Timeout(30)
class WorkerPoolTest {

    private static final String MODEL = "sim";
    private static final Duration TICK = Duration.ofMillis(10);

    private final InstantSource clock = InstantSource.system();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final JobQueue queue = new MemoryJobQueue(new MemoryJobStore(RetentionPolicy.DEFAULT, clock), clock);
    private final List<WorkerPool> pools = new ArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void closePools() {
        gate.countDown();
        pools.forEach(WorkerPool::close);
    }

    private WorkerPool pool(PoolConfig config, BatchPolicy policy, ScriptedModel model) {
        Batcher batcher = new Batcher(MODEL, policy, queue, clock, metrics);
        WorkerPool pool = new WorkerPool(MODEL, config, batcher, model, queue, clock, metrics, TICK);
        pools.add(pool);
        return pool;
    }

    private List<Job> admit(int n) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Job job = job(MODEL, "j" + i, 0, clock.instant());
            queue.admit(job, 1_000);
            jobs.add(job);
        }
        return jobs;
    }

    private Job stored(Job job) {
        return queue.find(job.id()).orElseThrow();
    }

    private static PoolConfig config(int min, int max, int jobsPerWorker, Duration idleTimeout) {
        return new PoolConfig(min, max, jobsPerWorker, idleTimeout);
    }

    @Test
    void start_runsMinWorkersOnNamedPlatformThreads() {
        ScriptedModel model = ScriptedModel.echo();
        WorkerPool pool = pool(config(2, 4, 10, Duration.ofMinutes(1)), new BatchPolicy(4, Duration.ZERO), model);

        pool.start();
        Job job = admit(1).getFirst();

        assertThat(pool.workers()).isEqualTo(2);
        await().until(() -> stored(job).status() == JobStatus.DONE);
        assertThat(model.callers()).allSatisfy(t -> {
            assertThat(t.isVirtual()).isFalse();
            assertThat(t.getName()).matches("inferyx-sim-worker-[12]");
        });
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains("inferyx-sim-dispatcher");
        assertThat(metrics.count("workerStarted sim")).isEqualTo(2);
    }

    @Test
    void jobs_flowThroughAndFinishDone() {
        WorkerPool pool = pool(config(2, 4, 10, Duration.ofMinutes(1)), new BatchPolicy(8, Duration.ofMillis(2)),
                ScriptedModel.echo());
        pool.start();

        List<Job> jobs = admit(100);

        await().until(() -> queue.stats(MODEL).unfinished() == 0);
        assertThat(jobs).allSatisfy(j -> assertThat(stored(j).output())
                .contains(new Output.Text("echo:" + ((dev.inferyx.core.Input.Text) j.input()).text())));
    }

    @Test
    void dispatcher_allWorkersBusy_batchGrowsInsteadOfBeingCut() {
        WorkerPool pool = pool(config(1, 1, 1_000, Duration.ofMinutes(1)), new BatchPolicy(8, Duration.ZERO),
                ScriptedModel.gated(gate));
        pool.start();
        admit(1);
        await().until(() -> pool.busyWorkers() == 1);

        admit(5); // arrive while the only worker is busy
        gate.countDown();

        await().until(() -> queue.stats(MODEL).unfinished() == 0);
        assertThat(metrics.events()).contains("batchCompleted sim 1 null", "batchCompleted sim 5 null");
    }

    @Test
    void autoscaler_backlog_scalesUpToMaxThenDownToMinAfterIdle() {
        WorkerPool pool = pool(config(1, 3, 1, Duration.ofMillis(200)), new BatchPolicy(1, Duration.ZERO),
                ScriptedModel.gated(gate));
        pool.start();

        admit(10);

        await().until(() -> pool.busyWorkers() == 3);
        assertThat(pool.workers()).isEqualTo(3);
        assertThat(metrics.events()).contains("scaled sim up").doesNotContain("scaled sim down");

        gate.countDown();

        await().until(() -> queue.stats(MODEL).unfinished() == 0);
        await().until(() -> pool.workers() == 1);
        assertThat(metrics.count("workerStarted sim")).isEqualTo(3);
        assertThat(metrics.count("workerRetired sim")).isEqualTo(2);
        assertThat(metrics.events()).contains("scaled sim down");
    }

    @Test
    void autoscaler_neverRetiresBusyWorkers() {
        // The pool reads idle times from a fake clock, so "busy for an hour" needs no waiting.
        FakeClock poolClock = new FakeClock();
        Batcher batcher = new Batcher(MODEL, new BatchPolicy(1, Duration.ZERO), queue, poolClock, metrics);
        WorkerPool pool = new WorkerPool(MODEL, config(1, 2, 1, Duration.ofMillis(50)), batcher,
                ScriptedModel.gated(gate), queue, poolClock, metrics, TICK);
        pools.add(pool);
        pool.start();
        List<Job> jobs = admit(2);
        await().until(() -> pool.busyWorkers() == 2);

        poolClock.advance(Duration.ofHours(1));
        pool.scaleOnce();

        assertThat(pool.workers()).isEqualTo(2);
        assertThat(metrics.events()).doesNotContain("workerRetired sim");
        gate.countDown();
        await().until(() -> jobs.stream().allMatch(j -> stored(j).status() == JobStatus.DONE));
        // Once idle, the same hour-old workers are retired down to min: the check above was not vacuous.
        poolClock.advance(Duration.ofHours(1));
        await().untilAsserted(() -> {
            pool.scaleOnce();
            assertThat(pool.workers()).isEqualTo(1);
        });
    }

    @Test
    void modelException_failsEveryJobOfTheBatch() {
        WorkerPool pool = pool(config(1, 1, 10, Duration.ofMinutes(1)), new BatchPolicy(4, Duration.ZERO),
                new ScriptedModel(in -> {
                    throw new IllegalStateException("boom");
                }));
        List<Job> jobs = admit(3);

        pool.start();

        await().until(() -> queue.stats(MODEL).unfinished() == 0);
        assertThat(jobs).allSatisfy(j -> assertThat(stored(j).error())
                .contains(new JobError("model_error", "model sim failed: IllegalStateException")));
        assertThat(metrics.events()).contains("batchCompleted sim 3 model_error");
        assertThat(pool.workers()).as("the worker survives a model crash").isEqualTo(1);
    }

    @Test
    void shutdown_drainsQueuedWorkWithinTimeout() throws Exception {
        WorkerPool pool = pool(config(1, 1, 1_000, Duration.ofMinutes(1)), new BatchPolicy(2, Duration.ZERO),
                ScriptedModel.gated(gate));
        pool.start();
        List<Job> jobs = admit(6);
        await().until(() -> pool.busyWorkers() == 1);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                pool.shutdown(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(pool::isStopping);
        gate.countDown(); // the work can finish only now, while shutdown is draining

        stopped.get(25, TimeUnit.SECONDS);
        assertThat(jobs).allSatisfy(j -> assertThat(stored(j).status()).isEqualTo(JobStatus.DONE));
        assertThat(pool.workers()).isZero();
    }

    @Test
    void shutdown_afterDrainTimeout_failsTheRunningJobAsRunning_queuedJobsAsNeverRun_andStopsThreads()
            throws Exception {
        ScriptedModel model = ScriptedModel.gated(gate); // never opened: the running batch blocks until interrupted
        WorkerPool pool = pool(config(1, 1, 1_000, Duration.ofMinutes(1)), new BatchPolicy(1, Duration.ZERO), model);
        pool.start();
        List<Job> jobs = admit(4);
        await().until(() -> pool.busyWorkers() == 1);
        Job running = jobs.stream().filter(j -> stored(j).status() == JobStatus.PROCESSING).findFirst().orElseThrow();

        pool.shutdown(Duration.ZERO); // the drain timeout has passed with the batch still running

        assertThat(queue.stats(MODEL)).isEqualTo(QueueStats.EMPTY);
        assertThat(stored(running).status()).isEqualTo(JobStatus.FAILED);
        assertThat(stored(running).error())
                .contains(new JobError("shutdown", "server shut down while the job was running"));
        assertThat(stored(running).attempts()).as("the attempt it was in counts").isEqualTo(1);
        assertThat(jobs).filteredOn(j -> !j.id().equals(running.id())).hasSize(3).allSatisfy(j -> {
            assertThat(stored(j).status()).isEqualTo(JobStatus.FAILED);
            assertThat(stored(j).error()).contains(new JobError("shutdown", "server shut down before the job ran"));
            assertThat(stored(j).attempts()).isZero();
        });
        assertThat(metrics.count("jobSkipped sim shutdown")).isEqualTo(3);
        assertThat(pool.workers()).isZero();
        assertThat(model.callers()).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    }

    @Test
    void leave_finishesRunningBatchButLeavesQueuedJobsForOtherWorkers() throws Exception {
        WorkerPool pool = pool(config(1, 1, 1_000, Duration.ofMinutes(1)), new BatchPolicy(1, Duration.ZERO),
                ScriptedModel.gated(gate));
        pool.start();
        List<Job> jobs = admit(4);
        await().until(() -> pool.busyWorkers() == 1);
        Job running = jobs.stream().filter(j -> stored(j).status() == JobStatus.PROCESSING).findFirst().orElseThrow();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                pool.leave(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(pool::isStopping);
        gate.countDown();

        stopped.get(25, TimeUnit.SECONDS);
        assertThat(stored(running).status()).isEqualTo(JobStatus.DONE);
        assertThat(jobs).filteredOn(j -> !j.id().equals(running.id()))
                .allSatisfy(j -> assertThat(stored(j).status()).isEqualTo(JobStatus.QUEUED));
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(3, 3));
        assertThat(pool.workers()).isZero();
    }

    @Test
    void handOver_runsTheBatchBeingFormed_insteadOfFailingIt() throws Exception {
        // A long batch delay keeps the dispatcher forming a batch around the one job while the hand-over starts.
        WorkerPool pool = pool(config(1, 1, 1_000, Duration.ofMinutes(1)), new BatchPolicy(8, Duration.ofSeconds(2)),
                ScriptedModel.echo());
        pool.start();
        Job job = admit(1).getFirst();
        await().until(() -> stored(job).status() == JobStatus.PROCESSING);

        pool.handOver(Duration.ofSeconds(20));

        assertThat(stored(job).status()).isEqualTo(JobStatus.DONE);
        assertThat(pool.workers()).isZero();
    }

    @Test
    void handOver_finishesRunningBatch_andAReplacementPoolRunsTheQueuedJobs() throws Exception {
        WorkerPool old = pool(config(1, 1, 1_000, Duration.ofMinutes(1)), new BatchPolicy(1, Duration.ZERO),
                ScriptedModel.gated(gate));
        old.start();
        List<Job> jobs = admit(4);
        await().until(() -> old.busyWorkers() == 1);
        CompletableFuture<Void> handedOver = CompletableFuture.runAsync(() -> {
            try {
                old.handOver(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(old::isStopping);
        WorkerPool replacement = pool(config(1, 1, 1_000, Duration.ofMinutes(1)), new BatchPolicy(1, Duration.ZERO),
                ScriptedModel.echo());
        replacement.start();
        gate.countDown();

        handedOver.get(25, TimeUnit.SECONDS);
        await().until(() -> jobs.stream().allMatch(j -> stored(j).status() == JobStatus.DONE));
        assertThat(old.workers()).isZero();
    }

    @Test
    void backoff_afterFailedClaims_doublesFromOneTickUpToFiveSeconds() {
        Duration tick = Duration.ofMillis(50);

        assertThat(WorkerPool.backoff(tick, 1)).isEqualTo(tick);
        assertThat(WorkerPool.backoff(tick, 2)).isEqualTo(Duration.ofMillis(100));
        assertThat(WorkerPool.backoff(tick, 4)).isEqualTo(Duration.ofMillis(400));
        assertThat(WorkerPool.backoff(tick, 8)).isEqualTo(WorkerPool.MAX_BACKOFF);
        assertThat(WorkerPool.backoff(tick, Integer.MAX_VALUE)).isEqualTo(WorkerPool.MAX_BACKOFF);
    }

    @Test
    void close_beforeStart_failsQueuedJobsAndReturns() {
        WorkerPool pool = pool(config(1, 1, 10, Duration.ofMinutes(1)), BatchPolicy.DEFAULT, ScriptedModel.echo());
        List<Job> jobs = admit(2);

        pool.close();

        assertThat(jobs).allSatisfy(j -> assertThat(stored(j).status()).isEqualTo(JobStatus.FAILED));
    }

    @Test
    void start_afterShutdown_isRejected() {
        WorkerPool pool = pool(config(1, 1, 10, Duration.ofMinutes(1)), BatchPolicy.DEFAULT, ScriptedModel.echo());
        pool.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(pool::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
    }
}
