package dev.inferyx.queue;

import dev.inferyx.core.Job;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of {@link DeadLetterQueue#list}; {@code next} is the cursor of the following page, if any. */
public record DeadLetterPage(List<Job> jobs, Optional<String> next) {
    public DeadLetterPage {
        jobs = List.copyOf(jobs);
        Objects.requireNonNull(next, "next");
    }
}
