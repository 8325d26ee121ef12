package dev.inferyx.queue;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * What the parts of the {@link JobQueue} contract share: the backend under test, its fake clock, and helpers.
 * {@link JobQueueContract} implements it; the contract interfaces only use it.
 */
interface QueueFixture {

    String MODEL = "sim";
    Duration NO_WAIT = Duration.ZERO;
    Duration TTL = Duration.ofMinutes(10);
    JobError FLAKE = new JobError("model_error", "flaky");

    /** The backend under test, fresh for each test. */
    JobQueue queue();

    /** The clock {@link #queue()} reads. */
    FakeClock clock();

    /** Another fresh, empty backend; the caller closes it. */
    JobQueue freshQueue(InstantSource clock, RetentionPolicy retention);

    /** Admits a job of {@link #MODEL} (bound 100). */
    default Job admitted(String text, int priority) {
        Job job = job(MODEL, text, priority, clock().instant());
        queue().admit(job, 100);
        return job;
    }

    /** Claims exactly one job of {@link #MODEL} without waiting. */
    default Job claimOne() throws InterruptedException {
        List<Job> claimed = queue().claim(MODEL, 1, NO_WAIT);
        assertThat(claimed).hasSize(1);
        return claimed.getFirst();
    }
}
