package dev.inferyx.worker;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.UnavailableException;
import dev.inferyx.model.BatchFailedException;
import dev.inferyx.model.ItemResult;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import dev.inferyx.testing.ScriptedModel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a model can answer a batch, run synchronously: each job ends in the state the spec says. */
class BatchRunnerTest {

    private final FakeClock clock = new FakeClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final MemoryJobQueue queue = new MemoryJobQueue(new MemoryJobStore(RetentionPolicy.DEFAULT, clock), clock);

    private List<Job> claimed(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            queue.admit(job("sim", "j" + i, 0, clock.instant()), 100);
        }
        return queue.claim("sim", n, Duration.ZERO);
    }

    private void run(ScriptedModel model, List<Job> batch) {
        new BatchRunner("sim", model, queue, clock, metrics).run(batch);
    }

    private Job stored(Job job) {
        return queue.find(job.id()).orElseThrow();
    }

    @Test
    void run_successes_finishDoneInOrder() throws Exception {
        List<Job> batch = claimed(3);

        run(ScriptedModel.echo(), batch);

        assertThat(batch).extracting(j -> stored(j).output().orElseThrow())
                .containsExactly(new Output.Text("echo:j0"), new Output.Text("echo:j1"), new Output.Text("echo:j2"));
        assertThat(metrics.events()).containsExactly("batchCompleted sim 3 null");
        assertThat(queue.stats("sim")).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    void run_itemFailure_failsOnlyThatJob() throws Exception {
        List<Job> batch = claimed(2);
        JobError bad = new JobError("invalid_input", "bad token");

        run(new ScriptedModel(in -> List.of(new ItemResult.Failure(bad),
                new ItemResult.Success(new Output.Text("ok")))), batch);

        assertThat(stored(batch.get(0)).error()).contains(bad);
        assertThat(stored(batch.get(0)).attempts()).isEqualTo(1);
        assertThat(stored(batch.get(1)).status()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void run_batchFailedException_failsAllWithItsCode() throws Exception {
        List<Job> batch = claimed(2);

        run(new ScriptedModel(in -> {
            throw new BatchFailedException("kernel_crash", "CUDA kernel crashed", true);
        }), batch);

        assertThat(batch).allSatisfy(j -> assertThat(stored(j).error())
                .contains(new JobError("kernel_crash", "CUDA kernel crashed")));
        assertThat(metrics.events()).containsExactly("batchCompleted sim 2 kernel_crash");
    }

    @Test
    void run_modelThrowsRuntimeException_failsAllAsModelErrorWithoutStackTrace() throws Exception {
        List<Job> batch = claimed(3);

        run(new ScriptedModel(in -> {
            throw new IllegalStateException("secret internal detail");
        }), batch);

        assertThat(batch).allSatisfy(j -> {
            Job job = stored(j);
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).contains(new JobError("model_error", "model sim failed: IllegalStateException"));
            assertThat(job.attempts()).isEqualTo(1);
        });
        assertThat(metrics.events()).containsExactly("batchCompleted sim 3 model_error");
    }

    @Test
    void run_modelThrowsError_failsAllAsModelError() throws Exception {
        List<Job> batch = claimed(2);

        run(new ScriptedModel(in -> {
            throw new StackOverflowError();
        }), batch);

        assertThat(batch).allSatisfy(j -> assertThat(stored(j).error().orElseThrow().code()).isEqualTo("model_error"));
    }

    @Test
    void run_wrongNumberOfResults_failsAllAsModelError() throws Exception {
        List<Job> batch = claimed(3);

        run(new ScriptedModel(in -> List.of(new ItemResult.Success(new Output.Text("only one")))), batch);

        assertThat(batch).allSatisfy(j -> assertThat(stored(j).error().orElseThrow().code()).isEqualTo("model_error"));
        assertThat(queue.stats("sim").unfinished()).isZero();
    }

    @Test
    void run_interrupted_failsAllAsShutDownWhileRunning_countsTheAttempt_andKeepsFlag() throws Exception {
        List<Job> batch = claimed(2);

        runInterrupted(batch);

        assertThat(batch).allSatisfy(j -> {
            assertThat(stored(j).error()).contains(new JobError("shutdown",
                    "server shut down while the job was running"));
            assertThat(stored(j).attempts()).isEqualTo(1);
        });
    }

    @Test
    void run_interruptedOnARetry_countsTheAttemptItWasIn() throws Exception {
        Job job = claimed(1).getFirst();
        queue.retry(job.id(), new JobError("model_error", "flaked"), clock.instant()); // attempt 1 failed
        List<Job> again = queue.claim("sim", 1, Duration.ZERO);
        assertThat(again).extracting(Job::attempts).containsExactly(1);

        runInterrupted(again);

        assertThat(stored(job).attempts()).isEqualTo(2);
        assertThat(stored(job).error().orElseThrow().message()).isEqualTo("server shut down while the job was running");
    }

    /** Runs {@code batch} on a model that shutdown interrupts; the runner must keep the interrupt flag. */
    private void runInterrupted(List<Job> batch) {
        try {
            run(new ScriptedModel(in -> {
                throw new InterruptedException();
            }), batch);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void run_jobAlreadyFailedByShutdown_resultIsANoOp() throws Exception {
        List<Job> batch = claimed(2);
        queue.finishFailed(batch.get(0).id(), BatchRunner.SHUTDOWN, false);

        run(ScriptedModel.echo(), batch);

        assertThat(stored(batch.get(0)).error()).contains(BatchRunner.SHUTDOWN);
        assertThat(stored(batch.get(1)).status()).isEqualTo(JobStatus.DONE);
    }

    /** The memory queue, recording the name of every JobQueue method the runner calls; {@code fail} makes one throw. */
    private JobQueue recording(List<String> calls, String fail) {
        return (JobQueue) Proxy.newProxyInstance(JobQueue.class.getClassLoader(), new Class<?>[] {JobQueue.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals(fail)) {
                        throw new UnavailableException("backend_unavailable", "redis is down", Duration.ofSeconds(1));
                    }
                    try {
                        return method.invoke(queue, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void run_finishesTheWholeBatchInOneQueueCall() throws Exception {
        List<Job> batch = claimed(3);
        List<String> calls = new ArrayList<>();
        ScriptedModel model = new ScriptedModel(in -> List.of(new ItemResult.Success(new Output.Text("a")),
                new ItemResult.Failure(new JobError("invalid_input", "bad")),
                new ItemResult.Success(new Output.Text("c"))));

        new BatchRunner("sim", model, recording(calls, ""), clock, metrics).run(batch);

        assertThat(calls).containsExactly("finishAll");
        assertThat(batch).extracting(j -> stored(j).status())
                .containsExactly(JobStatus.DONE, JobStatus.FAILED, JobStatus.DONE);
    }

    @Test
    void run_queueUnreachableWhileFinishing_doesNotThrowAndLeavesTheJobsClaimed() throws Exception {
        List<Job> batch = claimed(2);

        new BatchRunner("sim", ScriptedModel.echo(), recording(new ArrayList<>(), "finishAll"), clock, metrics)
                .run(batch);

        assertThat(metrics.events()).containsExactly("batchCompleted sim 2 null");
        assertThat(batch).allSatisfy(j -> assertThat(stored(j).status()).isEqualTo(JobStatus.PROCESSING));
    }

    @Test
    void run_countsTheBatchBeforeAnyJobIsFinished_soAClientWithAResultSeesItsBatchCounted() throws Exception {
        List<Job> batch = claimed(2);
        List<String> seenAtFinish = new ArrayList<>();
        JobQueue watching = (JobQueue) Proxy.newProxyInstance(JobQueue.class.getClassLoader(),
                new Class<?>[] {JobQueue.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("finish")) {
                        seenAtFinish.addAll(metrics.events());
                    }
                    try {
                        return method.invoke(queue, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        new BatchRunner("sim", ScriptedModel.echo(), watching, clock, metrics).run(batch);

        assertThat(seenAtFinish).containsExactly("batchCompleted sim 2 null");
    }
}
