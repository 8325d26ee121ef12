package dev.inferyx.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.cache.IdempotencyConfig;
import dev.inferyx.cache.caffeine.CaffeineIdempotencyStore;
import dev.inferyx.core.ConflictException;
import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Idempotency-Key semantics through the service, on the in-memory queue with a fake clock. */
class IdempotencyTest {

    private static final Duration TTL = Duration.ofMinutes(30);

    private final FakeClock clock = new FakeClock();
    private final JobQueue queue = new MemoryJobQueue(
            new MemoryJobStore(new RetentionPolicy(Duration.ofHours(1), 1_000), clock), clock);
    private final InferenceService service = new InferenceService(queue, new OneModel(2), clock, Metrics.NOOP,
            ResultReuse.none(queue), new RateLimiter(RateLimits.UNLIMITED, clock),
            new Idempotency(new CaffeineIdempotencyStore(new IdempotencyConfig(TTL, 100), clock), queue));

    /** Serves one model, "sim", with the given queue capacity and no result reuse. */
    private record OneModel(int capacity) implements ModelDirectory {
        @Override
        public Optional<String> resolve(String nameOrAlias) {
            return Optional.of("sim").filter(nameOrAlias::equals);
        }

        @Override
        public String defaultModel() {
            return "sim";
        }

        @Override
        public AdmissionPolicy admission(String model) {
            return new AdmissionPolicy(capacity, Optional.empty(), Duration.ofMinutes(10));
        }

        @Override
        public List<ModelStatus> statuses() {
            return List.of();
        }
    }

    private static SubmitRequest request(String owner, String text, String key) {
        return new SubmitRequest(Optional.empty(), new Input.Text(text), owner, 0, Optional.empty(),
                Optional.ofNullable(key));
    }

    @Test
    void sameKeySameRequest_returnsTheOriginalJob_andStartsNothing() {
        Job first = service.submit(request("alice", "a", "k1"));

        Job again = service.submit(request("alice", "a", "k1"));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(queue.stats("sim").unfinished()).isEqualTo(1);
    }

    @Test
    void sameKeySameRequest_returnsTheOriginalsCurrentState() throws Exception {
        Job first = service.submit(request("alice", "a", "k1"));
        queue.claim("sim", 1, Duration.ZERO);
        queue.finishDone(first.id(), new dev.inferyx.core.Output.Text("A"));

        Job again = service.submit(request("alice", "a", "k1"));

        assertThat(again.status()).isEqualTo(dev.inferyx.core.JobStatus.DONE);
    }

    @Test
    void sameKeyDifferentRequest_isAConflictNamingTheOriginal() {
        Job first = service.submit(request("alice", "a", "k1"));

        assertThatThrownBy(() -> service.submit(request("alice", "b", "k1")))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("idempotency_key_reused");
                    assertThat(e.getMessage()).contains("k1", first.id().value());
                });
    }

    @Test
    void sameKeyFromAnotherOwner_isIndependent() {
        Job alices = service.submit(request("alice", "a", "k1"));

        Job bobs = service.submit(request("bob", "b", "k1"));

        assertThat(bobs.id()).isNotEqualTo(alices.id());
    }

    @Test
    void noKey_everyRequestStartsAJob() {
        service.submit(request("alice", "a", null));
        service.submit(request("alice", "a", null));

        assertThat(queue.stats("sim").unfinished()).isEqualTo(2);
    }

    @Test
    void refusedFirstRequest_doesNotBindItsKey() throws Exception {
        Job x = service.submit(request("alice", "x", null));
        service.submit(request("alice", "y", null));
        assertThatThrownBy(() -> service.submit(request("alice", "a", "k1"))).isInstanceOf(QueueFullException.class);
        queue.finishExpired(x.id());

        Job accepted = service.submit(request("alice", "a", "k1"));

        assertThat(service.submit(request("alice", "a", "k1")).id()).isEqualTo(accepted.id());
    }

    @Test
    void keyPastItsTtl_isForgotten_soTheSameRequestStartsANewJob() {
        Job first = service.submit(request("alice", "a", "k1"));
        clock.advance(TTL);

        Job later = service.submit(request("alice", "a", "k1"));

        assertThat(later.id()).isNotEqualTo(first.id());
    }
}
