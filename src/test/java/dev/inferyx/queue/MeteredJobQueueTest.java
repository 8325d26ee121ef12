package dev.inferyx.queue;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.Output;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MeteredJobQueueTest {

    private final FakeClock clock = new FakeClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final JobQueue queue = new MeteredJobQueue(
            new MemoryJobQueue(new MemoryJobStore(RetentionPolicy.DEFAULT, clock), clock), metrics, clock);

    @Test
    void admit_accepted_recordsAcceptance() {
        queue.admit(job("sim", "a", 0, clock.instant()), 1);

        assertThat(metrics.events()).containsExactly("requestAccepted sim");
    }

    @Test
    void admit_full_recordsRejectionAndRethrows() {
        queue.admit(job("sim", "a", 0, clock.instant()), 1);

        assertThatThrownBy(() -> queue.admit(job("sim", "b", 0, clock.instant()), 1))
                .isInstanceOf(QueueFullException.class);

        assertThat(metrics.events()).containsExactly("requestAccepted sim", "requestRejected sim queue_full");
    }

    @Test
    void claim_recordsEachJobsQueueWaitFromAdmission() throws Exception {
        queue.admit(job("sim", "a", 0, clock.instant()), 10);
        queue.admit(job("sim", "b", 0, clock.instant()), 10);
        clock.advance(Duration.ofMillis(250));

        queue.claim("sim", 10, Duration.ZERO);

        assertThat(metrics.count("queueWait sim PT0.25S")).isEqualTo(2);
    }

    @Test
    void finish_countsOnlyTheCallThatMovedTheJob() throws Exception {
        Job job = job("sim", "a", 0, clock.instant());
        queue.admit(job, 10);
        queue.claim("sim", 1, Duration.ZERO);

        queue.finishDone(job.id(), new Output.Text("A"));
        queue.finishFailed(job.id(), new JobError("shutdown", "late"), false);
        queue.finishExpired(job.id());

        assertThat(metrics.count("jobFinished sim DONE")).isEqualTo(1);
        assertThat(metrics.events()).filteredOn(e -> e.startsWith("jobFinished")).hasSize(1);
    }

    @Test
    void retry_countsTheRetryByItsErrorCode() throws Exception {
        dev.inferyx.core.Job job = dev.inferyx.testing.Jobs.job("sim", "a", 0, clock.instant());
        queue.admit(job, 10);
        queue.claim("sim", 1, java.time.Duration.ZERO);

        queue.retry(job.id(), new dev.inferyx.core.JobError("model_error", "x"), clock.instant());

        org.assertj.core.api.Assertions.assertThat(metrics.events()).contains("retryScheduled sim model_error");
    }

    @Test
    void finishAll_countsEachJobThisCallMoved() throws Exception {
        Job a = job("sim", "a", 0, clock.instant());
        Job b = job("sim", "b", 0, clock.instant());
        queue.admit(a, 10);
        queue.admit(b, 10);
        queue.claim("sim", 2, Duration.ZERO);
        queue.finishDone(a.id(), new Output.Text("A"));

        queue.finishAll(java.util.List.of(new Finish(a.id(), new Completion.Expired()),
                new Finish(b.id(), new Completion.Failed(new JobError("invalid_input", "x"), true)),
                new Finish(dev.inferyx.core.JobId.random(), new Completion.Expired())));

        assertThat(metrics.count("jobFinished sim DONE")).isEqualTo(1);
        assertThat(metrics.count("jobFinished sim FAILED")).isEqualTo(1);
        assertThat(metrics.events()).filteredOn(e -> e.startsWith("jobFinished")).hasSize(2);
    }
}
