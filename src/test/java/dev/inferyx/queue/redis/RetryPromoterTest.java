package dev.inferyx.queue.redis;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobStatus;
import dev.inferyx.queue.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Due retries go back to their streams on a timer in every worker process, not only when someone claims. */
class RetryPromoterTest extends RedisProcesses {

    private static final JobError FLAKE = new JobError("model_error", "flaky");

    /** Promoters, closed before the queues they use (JUnit runs this class's @AfterEach before its parent's). */
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closePromoters() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** Admits {@code n} jobs of {@code model}, claims them and schedules each to retry {@code after} from now. */
    private List<Job> retrying(RedisJobQueue queue, String model, int n, Duration after) throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Job job = job(model, "j" + i, 0, clock.instant());
            queue.admit(job, 1_000);
            jobs.add(job);
        }
        assertThat(queue.claim(model, n, Duration.ZERO)).hasSize(n);
        for (Job job : jobs) {
            queue.retry(job.id(), FLAKE, clock.instant().plus(after));
        }
        return jobs;
    }

    @Test
    void dueRetry_goesBackToItsStreamWithNoClaimAnywhere() throws Exception {
        RedisJobQueue gateway = process();
        Job job = retrying(gateway, MODEL, 1, Duration.ofSeconds(2)).getFirst();
        RedisJobQueue worker = process();
        RetryPromoter promoter = RetryPromoter.start(worker, Duration.ofMillis(20));
        open.add(promoter);
        assertThat(gateway.stats(MODEL)).isEqualTo(new QueueStats(0, 1));

        clock.advance(Duration.ofSeconds(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.stats(MODEL).queued() == 1);
        assertThat(gateway.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(raw.sync().exists(prefix + "m:" + MODEL + ":retry", prefix + "retry:models"))
                .as("nothing left waiting: the model is forgotten").isZero();
    }

    @Test
    void pass_promotesEveryModelsDueRetries_andReportsTheNextDue() throws Exception {
        RedisJobQueue queue = process();
        retrying(queue, MODEL, 2, Duration.ofSeconds(1));
        retrying(queue, "echo", 1, Duration.ofSeconds(1));
        retrying(queue, "echo", 1, Duration.ofSeconds(5)); // a second batch: "j0" again, new ids
        clock.advance(Duration.ofSeconds(1));

        RedisJobQueue.Promotion promotion = queue.promoteDueRetries(RetryPromoter.BATCH);

        assertThat(promotion.promoted()).isEqualTo(3);
        assertThat(promotion.nextDue()).contains(clock.instant().plusSeconds(4));
        assertThat(queue.stats(MODEL).queued()).isEqualTo(2);
        assertThat(queue.stats("echo").queued()).isEqualTo(1);
        assertThat(queue.promoteDueRetries(RetryPromoter.BATCH).promoted()).as("nothing moves twice").isZero();
    }

    @Test
    void pass_sleepsUntilTheNextDueRetry_atMostTheInterval() throws Exception {
        RedisJobQueue queue = process();
        RetryPromoter promoter = RetryPromoter.start(queue, Duration.ofSeconds(3));
        open.add(promoter);
        assertThat(promoter.pass()).as("nothing waits").isEqualTo(Duration.ofSeconds(3));

        retrying(queue, MODEL, 1, Duration.ofSeconds(2));
        assertThat(promoter.pass()).isEqualTo(Duration.ofSeconds(2));

        retrying(queue, "echo", 1, Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(2));
        assertThat(promoter.pass()).as("capped: a retry scheduled elsewhere is seen by the next pass")
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(queue.stats(MODEL).queued()).isEqualTo(1);
    }

    @Test
    void racingProcesses_neverPromoteAJobTwice() throws Exception {
        RedisJobQueue first = process();
        RedisJobQueue second = process();
        List<Job> jobs = retrying(first, MODEL, 40, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<RedisJobQueue.Promotion>> passes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RedisJobQueue q = i % 2 == 0 ? first : second;
                passes.add(threads.submit((Callable<RedisJobQueue.Promotion>) () -> q.promoteDueRetries(7)));
            }
            int promoted = 0;
            for (Future<RedisJobQueue.Promotion> p : passes) {
                promoted += p.get().promoted();
            }

            assertThat(promoted).isEqualTo(40);
        } finally {
            threads.shutdownNow();
        }
        assertThat(raw.sync().xlen(prefix + "m:" + MODEL + ":q:0")).as("one stream entry per job").isEqualTo(40);
        assertThat(second.claim(MODEL, 100, Duration.ZERO)).extracting(Job::id)
                .containsExactlyInAnyOrderElementsOf(jobs.stream().map(Job::id).toList());
        assertThat(first.promoteDueRetries(RetryPromoter.BATCH).nextDue()).isEqualTo(Optional.<Instant>empty());
    }
}
