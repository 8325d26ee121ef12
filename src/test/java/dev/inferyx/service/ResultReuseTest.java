package dev.inferyx.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.cache.CacheConfig;
import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.cache.caffeine.CaffeineResultCache;
import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cache, then coalesce, then admit — on the in-memory queue, with a fake clock and no model threads. */
class ResultReuseTest {

    private static final String MODEL = "sim";
    private static final Duration TTL = Duration.ofHours(1);

    private final FakeClock clock = new FakeClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final JobQueue queue = new MemoryJobQueue(
            new MemoryJobStore(new RetentionPolicy(Duration.ofHours(2), 1_000), clock), clock);
    private final ResultCache cache = new CaffeineResultCache(new CacheConfig(TTL, 100), clock, Metrics.NOOP);
    private final ResultReuse reuse = new ResultReuse(queue, cache, 1_000, metrics);

    private Job request(String text) {
        return request(text, Optional.empty());
    }

    private Job request(String text, Optional<Instant> deadline) {
        return Job.accepted(JobId.random(), MODEL, new Input.Text(text), "alice", 0, clock.instant(), deadline);
    }

    private static CacheKey key(String text) {
        return CacheKey.of(MODEL, "1", new Input.Text(text));
    }

    private Job submit(String text) {
        return submit(request(text));
    }

    private Job submit(Job job) {
        return reuse.submit(key(((Input.Text) job.input()).text()), job, j -> queue.admit(j, 100));
    }

    /** Plays the worker: claims everything queued and finishes it DONE with "<text>!". */
    private List<Job> runQueued() throws InterruptedException {
        List<Job> claimed = queue.claim(MODEL, 100, Duration.ZERO);
        return claimed.stream()
                .map(j -> queue.finishDone(j.id(), new Output.Text(((Input.Text) j.input()).text() + "!")))
                .toList();
    }

    @Test
    void submit_firstRequest_isAdmittedAsTheLeader() {
        Job job = submit("a");

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 1));
        assertThat(reuse.flights()).isEqualTo(1);
    }

    @Test
    void submit_afterLeaderDone_isACacheHit_doneAtOnceWithoutAdmission() throws Exception {
        submit("a");
        runQueued();

        Job hit = submit("a");

        assertThat(hit.status()).isEqualTo(JobStatus.DONE);
        assertThat(hit.cached()).isTrue();
        assertThat(hit.attempts()).isZero();
        assertThat(hit.output()).contains(new Output.Text("a!"));
        assertThat(queue.find(hit.id())).contains(hit);
        assertThat(queue.stats(MODEL)).isEqualTo(QueueStats.EMPTY);
    }

    @Test
    void submit_identicalWhileInFlight_followsAndEndsWithTheLeadersResult() throws Exception {
        Job leader = submit("a");
        Job follower = submit("a");

        assertThat(follower.id()).isNotEqualTo(leader.id());
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 1));
        assertThat(reuse.followers()).isEqualTo(1);
        assertThat(metrics.count("coalesced sim")).isEqualTo(1);

        List<Job> ran = runQueued();

        assertThat(ran).extracting(Job::id).containsExactly(leader.id());
        Job shared = queue.find(follower.id()).orElseThrow();
        assertThat(shared.status()).isEqualTo(JobStatus.DONE);
        assertThat(shared.output()).contains(new Output.Text("a!"));
        assertThat(shared.owner()).isEqualTo("alice");
        assertThat(reuse.followers()).isZero();
        assertThat(reuse.flights()).isZero();
    }

    @Test
    void submit_leaderFails_followersFailTheSameWay_andNothingIsCached() throws Exception {
        Job leader = submit("a");
        Job follower = submit("a");
        queue.claim(MODEL, 1, Duration.ZERO);

        queue.finishFailed(leader.id(), new JobError("model_error", "boom"), true);

        Job shared = queue.find(follower.id()).orElseThrow();
        assertThat(shared.status()).isEqualTo(JobStatus.FAILED);
        assertThat(shared.error()).contains(new JobError("model_error", "boom"));
        assertThat(cache.get(key("a"))).isEmpty();
        assertThat(submit("a").status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void submit_leaderExpires_followerWithNoLaterDeadlineExpiresToo() {
        Instant deadline = clock.instant().plusSeconds(5);
        Job leader = submit(request("a", Optional.of(deadline)));
        Job follower = submit(request("a", Optional.of(deadline.minusSeconds(1))));
        clock.advance(Duration.ofSeconds(6));

        queue.finishExpired(leader.id());

        assertThat(queue.find(follower.id()).orElseThrow().status()).isEqualTo(JobStatus.EXPIRED);
    }

    @Test
    void submit_followerWithLaterDeadlineThanLeader_isAdmittedOnItsOwn() {
        submit(request("a", Optional.of(clock.instant().plusSeconds(5))));

        Job later = submit(request("a", Optional.of(clock.instant().plusSeconds(60))));
        Job none = submit(request("a"));

        assertThat(queue.stats(MODEL).queued()).isEqualTo(3);
        assertThat(reuse.followers()).isZero();
        assertThat(later.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(none.status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void submit_followersAtTheBound_nextIdenticalIsAdmittedOnItsOwn() {
        ResultReuse bounded = new ResultReuse(queue, cache, 1, metrics);
        bounded.submit(key("a"), request("a"), j -> queue.admit(j, 100));
        bounded.submit(key("a"), request("a"), j -> queue.admit(j, 100));

        bounded.submit(key("a"), request("a"), j -> queue.admit(j, 100));

        assertThat(bounded.followers()).isEqualTo(1);
        assertThat(queue.stats(MODEL).queued()).isEqualTo(2);
    }

    @Test
    void submit_leaderRefusedByTheQueue_leavesNoFlightBehind() {
        assertThatThrownBy(() -> reuse.submit(key("a"), request("a"), j -> {
            throw new QueueFullException(MODEL, 0, 0, "0 queued");
        })).isInstanceOf(QueueFullException.class);

        assertThat(reuse.flights()).isZero();
        assertThat(submit("a").status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void cachedResult_pastItsTtl_runsTheModelAgain() throws Exception {
        submit("a");
        runQueued();
        clock.advance(TTL);

        Job again = submit("a");

        assertThat(again.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(again.cached()).isFalse();
    }

    @Test
    void hundredIdenticalConcurrentSubmits_admitExactlyOneJob_andAllShareItsResult() throws Exception {
        int n = 100;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Job>> submitted = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                submitted.add(threads.submit(() -> {
                    go.await();
                    return submit("same");
                }));
            }
            go.countDown();
            for (var f : submitted) {
                f.get();
            }
        }

        List<Job> ran = runQueued();

        assertThat(ran).hasSize(1);
        for (var f : submitted) {
            Job job = queue.find(f.get().id()).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.DONE);
            assertThat(job.output()).contains(new Output.Text("same!"));
        }
        assertThat(submitted.stream().map(f -> f.resultNow().id()).distinct()).hasSize(n);
        assertThat(reuse.flights()).isZero();
        assertThat(reuse.followers()).isZero();
    }
}
