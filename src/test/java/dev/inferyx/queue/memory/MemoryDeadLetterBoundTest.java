package dev.inferyx.queue.memory;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryDeadLetterBoundTest {

    @Test
    void deadLetters_overTheMaximum_dropTheOldestFirst() throws Exception {
        FakeClock clock = new FakeClock();
        MemoryJobQueue queue = new MemoryJobQueue(new MemoryJobStore(RetentionPolicy.DEFAULT, clock), clock, 2);
        List<Job> failed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Job j = job("sim", "j" + i, 0, clock.instant());
            queue.admit(j, 10);
            queue.claim("sim", 1, Duration.ZERO);
            failed.add(queue.finish(j.id(), new Completion.DeadLettered(new JobError("model_error", "x"))).job());
        }

        assertThat(queue.deadLetters().list(Optional.empty(), 10, Optional.empty()).jobs())
                .extracting(Job::id).containsExactly(failed.get(1).id(), failed.get(2).id());
    }
}
