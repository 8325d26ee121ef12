package dev.inferyx.app;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.JobId;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.Finish;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.testing.FakeClock;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FleetShareQueueTest {

    private final FakeClock clock = new FakeClock();
    private final MemoryJobQueue fleet = new MemoryJobQueue(new MemoryJobStore(RetentionPolicy.DEFAULT, clock), clock);
    private final AtomicInteger processes = new AtomicInteger(1);
    private final FleetShareQueue share = new FleetShareQueue(fleet, processes::get);

    private void admit(int n) {
        for (int i = 0; i < n; i++) {
            fleet.admit(job("sim", "j" + i, 0, clock.instant()), 1_000);
        }
    }

    @Test
    void stats_dividesTheBacklogAmongLiveWorkerProcessesRoundingUp() {
        admit(10);
        processes.set(4);

        assertThat(share.stats("sim")).isEqualTo(new QueueStats(3, 10));
    }

    @Test
    void stats_noProcessSeenYet_countsThisOneAlone() {
        admit(5);
        processes.set(0);

        assertThat(share.stats("sim")).isEqualTo(new QueueStats(5, 5));
    }

    @Test
    void finishAll_isPassedDownWhole_soTheBackendKeepsItsBatchStep() {
        List<String> calls = new ArrayList<>();
        JobQueue recording = (JobQueue) Proxy.newProxyInstance(JobQueue.class.getClassLoader(),
                new Class<?>[] {JobQueue.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return List.of();
                });

        new FleetShareQueue(recording, processes::get)
                .finishAll(List.of(new Finish(JobId.random(), new Completion.Expired())));

        assertThat(calls).containsExactly("finishAll");
    }
}
