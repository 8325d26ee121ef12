package dev.inferyx.worker;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.batch.Batcher;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobStatus;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.model.BatchFailedException;
import dev.inferyx.model.OutOfMemoryBatchException;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.retry.CircuitBreaker;
import dev.inferyx.retry.Retrier;
import dev.inferyx.retry.RetryBudget;
import dev.inferyx.retry.RetryPolicy;
import dev.inferyx.testing.ScriptedModel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries and OOM splits on a real pool with real threads. */
class WorkerPoolRetryTest {

    private static final String MODEL = "sim";

    private final InstantSource clock = InstantSource.system();
    private final MemoryJobQueue queue = new MemoryJobQueue(new MemoryJobStore(RetentionPolicy.DEFAULT, clock),
            clock);
    private WorkerPool pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
        queue.close();
    }

    private WorkerPool start(ScriptedModel model, RetryPolicy policy) {
        Retrier retrier = new Retrier(MODEL, policy, new RetryBudget(1, 100, Duration.ofSeconds(10), clock),
                new SplittableRandom(5), Metrics.NOOP);
        CircuitBreaker breaker = new CircuitBreaker(MODEL, BreakerPolicy.DEFAULT, clock, Metrics.NOOP);
        pool = new WorkerPool(MODEL, new PoolConfig(1, 1, 10, Duration.ofSeconds(30)),
                new Batcher(MODEL, new BatchPolicy(8, Duration.ofMillis(50)), queue, clock), model, queue, clock,
                Metrics.NOOP, FailureHandling.of(retrier, breaker));
        pool.start();
        return pool;
    }

    private List<Job> admit(int n) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Job job = job(MODEL, "j" + i, 0, clock.instant());
            queue.admit(job, 100);
            jobs.add(job);
        }
        return jobs;
    }

    private JobStatus status(Job job) {
        return queue.find(job.id()).orElseThrow().status();
    }

    @Test
    void batchOfEight_withOomAboveTwo_endsAllDone() {
        List<Job> jobs = admit(8);
        start(new ScriptedModel(inputs -> {
            if (inputs.size() > 2) {
                throw new OutOfMemoryBatchException(inputs.size(), "too big");
            }
            return ScriptedModel.echoAll(inputs);
        }), RetryPolicy.DEFAULT);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(jobs).allSatisfy(j -> assertThat(status(j)).isEqualTo(JobStatus.DONE)));
        assertThat(jobs).allSatisfy(j -> assertThat(queue.find(j.id()).orElseThrow().attempts()).isEqualTo(1));
    }

    @Test
    void failureThenSuccess_retriesAfterTheBackoff_andEndsDone() {
        AtomicInteger calls = new AtomicInteger();
        List<Job> jobs = admit(1);
        start(new ScriptedModel(inputs -> {
            if (calls.incrementAndGet() == 1) {
                throw new BatchFailedException("model_error", "flake", true);
            }
            return ScriptedModel.echoAll(inputs);
        }), new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(20), 1));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(status(jobs.getFirst())).isEqualTo(JobStatus.DONE));
        assertThat(queue.find(jobs.getFirst().id()).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void shutdown_failsJobsWaitingToRetry_insteadOfLeavingThemRetrying() throws Exception {
        List<Job> jobs = admit(1);
        start(new ScriptedModel(inputs -> {
            throw new BatchFailedException("model_error", "down", true);
        }), new RetryPolicy(4, Duration.ofHours(1), Duration.ofHours(1), 1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(status(jobs.getFirst())).isEqualTo(JobStatus.RETRYING));

        pool.shutdown(Duration.ZERO);

        Job failed = queue.find(jobs.getFirst().id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("shutdown");
        assertThat(queue.stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }
}
