package dev.inferyx.queue.memory;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Job;
import dev.inferyx.core.Output;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** In-memory specifics the backend contract cannot see: waiter bookkeeping. */
class MemoryJobStoreTest {

    private final FakeClock clock = new FakeClock();
    private final MemoryJobStore store = new MemoryJobStore(new RetentionPolicy(Duration.ofMinutes(1), 10), clock);
    private final MemoryJobQueue queue = new MemoryJobQueue(store, clock);

    @Test
    void whenFinished_cancelledFuture_isForgotten() {
        Job job = job("sim", "a", 0, clock.instant());
        queue.admit(job, 10);
        CompletableFuture<Job> kept = store.whenFinished(job.id());
        CompletableFuture<Job> abandoned = store.whenFinished(job.id());
        assertThat(store.waiterCount()).isEqualTo(2);

        abandoned.cancel(false);

        assertThat(store.waiterCount()).isEqualTo(1);
        queue.finishExpired(job.id());
        assertThat(kept).isCompleted();
        assertThat(store.waiterCount()).isZero();
    }

    @Test
    void whenFinished_manyAbandonedWaits_leaveNoWaiters() throws Exception {
        Job job = job("sim", "a", 0, clock.instant());
        queue.admit(job, 10);
        Job claimed = queue.claim("sim", 1, Duration.ZERO).getFirst();

        for (int i = 0; i < 1_000; i++) {
            store.whenFinished(claimed.id()).cancel(false);
        }

        assertThat(store.waiterCount()).isZero();
        queue.finishDone(claimed.id(), new Output.Text("A"));
        assertThat(store.find(claimed.id())).isPresent();
    }
}
