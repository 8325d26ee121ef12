package dev.inferyx.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.cache.CacheConfig;
import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.FlightLeaders;
import dev.inferyx.cache.LocalFlightLeaders;
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

/**
 * Coalescing across processes: two {@link ResultReuse}s ("gateways", each with its own flights) over one queue, one
 * cache and one {@link FlightLeaders}, as on Redis, with a fake clock and no model threads.
 */
class FleetResultReuseTest {

    private static final String MODEL = "sim";

    private final FakeClock clock = new FakeClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final JobQueue queue = new MemoryJobQueue(
            new MemoryJobStore(new RetentionPolicy(Duration.ofHours(2), 1_000), clock), clock);
    private final ResultCache cache = new CaffeineResultCache(new CacheConfig(Duration.ofHours(1), 100), clock,
            Metrics.NOOP);
    private final FlightLeaders leaders = new LocalFlightLeaders(Duration.ofDays(1), clock);
    private final ResultReuse one = new ResultReuse(queue, cache, 1_000, metrics, leaders);
    private final ResultReuse other = new ResultReuse(queue, cache, 1_000, metrics, leaders);

    private Job request(String text, Optional<Instant> deadline) {
        return Job.accepted(JobId.random(), MODEL, new Input.Text(text), "alice", 0, clock.instant(), deadline);
    }

    private static CacheKey key(String text) {
        return CacheKey.of(MODEL, "1", new Input.Text(text));
    }

    private Job submit(ResultReuse gateway, String text) {
        return submit(gateway, request(text, Optional.empty()));
    }

    private Job submit(ResultReuse gateway, Job job) {
        return gateway.submit(key(((Input.Text) job.input()).text()), job, j -> queue.admit(j, 100));
    }

    private List<Job> runQueued() throws InterruptedException {
        return queue.claim(MODEL, 100, Duration.ZERO).stream()
                .map(j -> queue.finishDone(j.id(), new Output.Text(((Input.Text) j.input()).text() + "!")))
                .toList();
    }

    @Test
    void identicalOnAnotherGateway_followsTheLeader_andEndsWithItsResult() throws Exception {
        Job leader = submit(one, "a");
        Job follower = submit(other, "a");

        assertThat(queue.stats(MODEL)).as("one job admitted").isEqualTo(new QueueStats(1, 1));
        assertThat(metrics.count("coalesced sim")).isEqualTo(1);
        assertThat(runQueued()).extracting(Job::id).containsExactly(leader.id());

        Job shared = queue.find(follower.id()).orElseThrow();
        assertThat(shared.status()).isEqualTo(JobStatus.DONE);
        assertThat(shared.output()).contains(new Output.Text("a!"));
        assertThat(other.followers()).isZero();
        assertThat(other.flights()).isZero();
        assertThat(leaders.claim(key("a"), JobId.random())).as("released once the leader landed").isEmpty();
    }

    @Test
    void followersOnTheFollowingGateway_endWithTheRemoteLeadersResultToo() throws Exception {
        submit(one, "a");
        Job remoteFollower = submit(other, "a");
        Job itsLocalFollower = submit(other, "a");

        runQueued();

        assertThat(queue.find(remoteFollower.id()).orElseThrow().output()).contains(new Output.Text("a!"));
        assertThat(queue.find(itsLocalFollower.id()).orElseThrow().output()).contains(new Output.Text("a!"));
        assertThat(queue.find(itsLocalFollower.id()).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void afterTheLeaderLanded_anotherGatewayGetsACacheHit() throws Exception {
        submit(one, "a");
        runQueued();

        Job hit = submit(other, "a");

        assertThat(hit.cached()).isTrue();
    }

    @Test
    void aClaimLeftByALeaderJustDone_isFollowed_andReleased() throws Exception {
        Job done = request("a", Optional.empty());
        queue.admit(done, 100);
        leaders.claim(key("a"), done.id());
        runQueued();

        Job follower = submit(other, "a");

        assertThat(queue.find(follower.id()).orElseThrow().output()).as("its result, not yet in the cache")
                .contains(new Output.Text("a!"));
        assertThat(queue.stats(MODEL)).isEqualTo(QueueStats.EMPTY);
        assertThat(leaders.claim(key("a"), JobId.random())).isEmpty();
    }

    @Test
    void aClaimLeftByAFailedLeader_isReleased_andTheRequestRunsAnew() throws Exception {
        Job failed = request("a", Optional.empty());
        queue.admit(failed, 100);
        leaders.claim(key("a"), failed.id());
        queue.claim(MODEL, 1, Duration.ZERO);
        queue.finishFailed(failed.id(), new JobError("model_error", "boom"), true);

        Job job = submit(other, "a");

        assertThat(job.status()).as("admitted as the new leader").isEqualTo(JobStatus.QUEUED);
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 1));
        assertThat(leaders.claim(key("a"), JobId.random())).contains(job.id());
    }

    @Test
    void aClaimWhoseLeaderWasNeverStored_isTakenForStaleAfterABoundedWait() {
        leaders.claim(key("a"), JobId.random());

        Job job = submit(other, "a");

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(1, 1));
        assertThat(leaders.claim(key("a"), JobId.random())).contains(job.id());
    }

    @Test
    void aLaterDeadlineThanTheRemoteLeaders_isAdmittedOnItsOwn() {
        submit(one, request("a", Optional.of(clock.instant().plusSeconds(5))));

        Job own = submit(other, request("a", Optional.of(clock.instant().plusSeconds(60))));

        assertThat(own.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queue.stats(MODEL)).isEqualTo(new QueueStats(2, 2));
        assertThat(metrics.count("coalesced sim")).isZero();
    }

    @Test
    void aRefusedLeader_releasesItsClaim() {
        ResultReuse full = new ResultReuse(queue, cache, 1_000, metrics, leaders);
        Job refused = request("a", Optional.empty());

        assertThatThrownBy(() -> full.submit(key("a"), refused, j -> {
            throw new QueueFullException(MODEL, 1, 1, "1/1 workers busy");
        })).isInstanceOf(QueueFullException.class);

        assertThat(leaders.claim(key("a"), JobId.random())).isEmpty();
    }
}
