package dev.inferyx.testing;

import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import java.time.Instant;
import java.util.Optional;

/** Builds accepted jobs for tests. */
public final class Jobs {

    private Jobs() {
    }

    public static Job job(String model, String text, int priority, Instant createdAt) {
        return Job.accepted(JobId.random(), model, new Input.Text(text), "test", priority, createdAt,
                Optional.empty());
    }

    public static Job withDeadline(String model, String text, Instant createdAt, Instant deadline) {
        return Job.accepted(JobId.random(), model, new Input.Text(text), "test", 0, createdAt,
                Optional.of(deadline));
    }

    public static String text(Job job) {
        return ((Input.Text) job.input()).text();
    }
}
