package dev.inferyx.queue.memory;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.RetentionPolicy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many admitters, claimers and racing finishers at once: the counts reconcile and no job is lost. */
class MemoryJobQueueConcurrencyTest {

    private static final String MODEL = "sim";
    private static final int PRODUCERS = 4;
    private static final int JOBS_PER_PRODUCER = 2_000;
    private static final int CONSUMERS = 4;
    private static final int BOUND = 64;

    private final InstantSource clock = InstantSource.system();
    private final MemoryJobQueue queue =
            new MemoryJobQueue(new MemoryJobStore(new RetentionPolicy(Duration.ofHours(1), 1_000_000), clock), clock);

    @Test
    @Timeout(60)
    void admitClaimFinish_underContention_everyAdmittedJobFinishesExactlyOnce() throws Exception {
        Set<JobId> admitted = ConcurrentHashMap.newKeySet();
        Set<JobId> transitioned = ConcurrentHashMap.newKeySet();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger doubleTransitions = new AtomicInteger();
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
        List<Future<?>> tasks = new ArrayList<>();

        for (int p = 0; p < PRODUCERS; p++) {
            tasks.add(threads.submit(() -> {
                try {
                    for (int i = 0; i < JOBS_PER_PRODUCER; i++) {
                        Job job = job(MODEL, "j", i % 3, clock.instant());
                        try {
                            queue.admit(job, BOUND);
                            admitted.add(job.id());
                        } catch (QueueFullException full) {
                            rejected.incrementAndGet();
                            Thread.onSpinWait();
                        }
                    }
                } finally {
                    producersDone.countDown();
                }
            }));
        }
        for (int c = 0; c < CONSUMERS; c++) {
            tasks.add(threads.submit(() -> {
                while (producersDone.getCount() > 0 || queue.stats(MODEL).queued() > 0) {
                    for (Job job : queue.claim(MODEL, 8, Duration.ofMillis(5))) {
                        // Two finishers race on every job, as a worker and a shutdown would.
                        var first = queue.finish(job.id(), new Completion.Done(new Output.Text("ok")));
                        var second = queue.finish(job.id(), new Completion.Failed(new JobError("shutdown", "x"), false));
                        if (first.transitioned() == second.transitioned()) {
                            doubleTransitions.incrementAndGet();
                        }
                        if (first.transitioned()) {
                            transitioned.add(job.id());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(admitted.size() + rejected.get()).isEqualTo(PRODUCERS * JOBS_PER_PRODUCER);
        assertThat(admitted).isNotEmpty();
        assertThat(doubleTransitions.get()).isZero();
        assertThat(transitioned).isEqualTo(admitted);
        assertThat(queue.stats(MODEL)).isEqualTo(QueueStats.EMPTY);
        assertThat(admitted).allSatisfy(id ->
                assertThat(queue.find(id)).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.DONE)));
    }

    @Test
    @Timeout(60)
    void concurrentFinishers_ofOneJob_exactlyOneTransitions() throws Exception {
        int jobs = 500;
        int racers = 4;
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Job job = job(MODEL, "j", 0, clock.instant());
            queue.admit(job, jobs);
            ids.add(job.id());
        }
        queue.claim(MODEL, jobs / 2, Duration.ZERO); // half PROCESSING, half still QUEUED
        AtomicInteger transitions = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        List<Future<?>> tasks = new ArrayList<>();
        for (int r = 0; r < racers; r++) {
            tasks.add(threads.submit(() -> {
                start.await();
                for (JobId id : ids) {
                    if (queue.finish(id, new Completion.Failed(new JobError("shutdown", "x"), false)).transitioned()) {
                        transitions.incrementAndGet();
                    }
                }
                return null;
            }));
        }

        start.countDown();
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(transitions.get()).isEqualTo(jobs);
        assertThat(queue.stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }
}
