package dev.inferyx.worker;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobStatus;
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
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import dev.inferyx.testing.ScriptedModel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, dead letters, OOM splits and breaker reports of a failed batch, run synchronously on a fake clock. */
class BatchRunnerRetryTest {

    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(30), 0.2);

    private final FakeClock clock = new FakeClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MemoryJobQueue queue = new MemoryJobQueue(new MemoryJobStore(RetentionPolicy.DEFAULT, clock), clock);
    private final CircuitBreaker breaker = new CircuitBreaker("sim",
            new BreakerPolicy(0.5, Duration.ofSeconds(10), 2, Duration.ofSeconds(30), 1), clock, metrics);

    @AfterEach
    void close() {
        queue.close();
    }

    private List<Job> claimed(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            queue.admit(job("sim", "j" + i, 0, clock.instant()), 100);
        }
        return queue.claim("sim", n, Duration.ZERO);
    }

    private BatchRunner runner(ScriptedModel model, double budgetRatio, double budgetMinPerSecond) {
        RetryPolicy policy = new RetryPolicy(POLICY.maxAttempts(), POLICY.backoffBase(), POLICY.backoffCap(),
                budgetRatio, Duration.ofSeconds(10), budgetMinPerSecond);
        Retrier retrier = new Retrier("sim", policy, RetryBudget.of(policy, clock), new SplittableRandom(3),
                metrics);
        return new BatchRunner("sim", model, queue, clock, metrics, FailureHandling.of(retrier, breaker));
    }

    private Job stored(Job job) {
        return queue.find(job.id()).orElseThrow();
    }

    private static ScriptedModel failingTimes(int failures) {
        AtomicInteger calls = new AtomicInteger();
        return new ScriptedModel(inputs -> {
            if (calls.incrementAndGet() <= failures) {
                throw new BatchFailedException("model_error", "flaky", true);
            }
            return ScriptedModel.echoAll(inputs);
        });
    }

    @Test
    void retryableFailure_thenSuccess_endsDoneAfterTwoAttempts() throws Exception {
        BatchRunner runner = runner(failingTimes(1), 1, 10);
        Job job = claimed(1).getFirst();

        runner.run(List.of(job));

        Job retrying = stored(job);
        assertThat(retrying.status()).isEqualTo(JobStatus.RETRYING);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(retrying.nextAttemptAt().orElseThrow()).isBefore(clock.instant().plusSeconds(2));

        clock.advance(Duration.ofSeconds(2));
        runner.run(queue.claim("sim", 1, Duration.ZERO));

        assertThat(stored(job).status()).isEqualTo(JobStatus.DONE);
        assertThat(stored(job).attempts()).isEqualTo(2);
    }

    @Test
    void alwaysFailing_exhaustsAttempts_andIsDeadLettered() throws Exception {
        BatchRunner runner = runner(failingTimes(Integer.MAX_VALUE), 1, 10);
        Job job = claimed(1).getFirst();

        runner.run(List.of(job));
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(30));
            runner.run(queue.claim("sim", 1, Duration.ZERO));
        }

        Job failed = stored(job);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error().orElseThrow().code()).isEqualTo("model_error");
        assertThat(queue.deadLetters().find(job.id())).isPresent();
        assertThat(metrics.count("jobExhausted sim")).isEqualTo(1);
        assertThat(queue.stats("sim")).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    void nonRetryableFailure_failsAtOnce_andIsNotDeadLettered() throws Exception {
        BatchRunner runner = runner(new ScriptedModel(in -> {
            throw new BatchFailedException("invalid_input", "bad", false);
        }), 1, 10);
        Job job = claimed(1).getFirst();

        runner.run(List.of(job));

        assertThat(stored(job).status()).isEqualTo(JobStatus.FAILED);
        assertThat(queue.deadLetters().find(job.id())).isEmpty();
    }

    @Test
    void budgetSpent_failsFastWithItsOwnCode_intoTheDeadLetterQueue() throws Exception {
        BatchRunner runner = runner(failingTimes(Integer.MAX_VALUE), 0, 0);
        List<Job> batch = claimed(3);

        runner.run(batch);

        for (Job job : batch) {
            Job failed = stored(job);
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.error().orElseThrow().code()).isEqualTo("retry_budget_exhausted");
            assertThat(failed.error().orElseThrow().message()).isEqualTo("not retried: the retry budget of model "
                    + "sim is exhausted (retries may add at most 0% of the first attempts of the last 10s, plus 0 per "
                    + "second in this process); last error model_error: flaky");
        }
        assertThat(queue.deadLetters().count("sim")).isEqualTo(3);
        assertThat(metrics.count("retryBudgetExhausted sim")).isEqualTo(3);
    }

    @Test
    void outOfMemory_onABatchOfEight_splitsUntilItFits_andAllEndDone() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        ScriptedModel oomAboveTwo = new ScriptedModel(inputs -> {
            sizes.add(inputs.size());
            if (inputs.size() > 2) {
                throw new OutOfMemoryBatchException(inputs.size(), "does not fit");
            }
            return ScriptedModel.echoAll(inputs);
        });
        List<Job> batch = claimed(8);

        runner(oomAboveTwo, 0, 0).run(batch);

        assertThat(batch).allSatisfy(j -> {
            assertThat(stored(j).status()).isEqualTo(JobStatus.DONE);
            assertThat(stored(j).attempts()).as("a split is not a failed attempt").isEqualTo(1);
        });
        assertThat(sizes).containsExactly(8, 4, 2, 2, 4, 2, 2);
        assertThat(breaker.state().wireName()).as("splits are not model failures").isEqualTo("closed");
    }

    @Test
    void outOfMemory_onABatchOfOne_isAnOrdinaryRetryableFailure() throws Exception {
        ScriptedModel oom = new ScriptedModel(inputs -> {
            throw new OutOfMemoryBatchException(inputs.size(), "does not fit");
        });
        Job job = claimed(1).getFirst();

        runner(oom, 1, 10).run(List.of(job));

        assertThat(stored(job).status()).isEqualTo(JobStatus.RETRYING);
    }

    @Test
    void failedBatches_areReportedToTheBreaker() throws Exception {
        BatchRunner runner = runner(failingTimes(Integer.MAX_VALUE), 1, 10);

        runner.run(claimed(1));
        runner.run(claimed(1));

        assertThat(breaker.tryAdmit()).contains(Duration.ofSeconds(30));
    }

    @Test
    void withoutFailureHandling_aFailedBatchFailsAtOnceAsBefore() throws Exception {
        Job job = claimed(1).getFirst();

        new BatchRunner("sim", failingTimes(1), queue, clock, metrics).run(List.of(job));

        assertThat(stored(job).status()).isEqualTo(JobStatus.FAILED);
        assertThat(queue.deadLetters().find(job.id())).isEqualTo(Optional.empty());
    }

}
