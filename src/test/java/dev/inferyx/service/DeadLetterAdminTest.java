package dev.inferyx.service;

import static dev.inferyx.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.ModelNotServedException;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.testing.FakeClock;
import dev.inferyx.testing.RecordingMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Replaying dead letters puts a job only where a pool will run it: a letter of a model that is not served (unloaded,
 * or gone from the configuration) is refused and stays as it was, and can still be listed and purged.
 */
class DeadLetterAdminTest {

    private static final JobError FLAKE = new JobError("model_error", "flaky");

    private final FakeClock clock = new FakeClock();
    private final JobQueue queue = new MemoryJobQueue(
            new MemoryJobStore(new RetentionPolicy(Duration.ofHours(1), 1_000), clock), clock);
    private final Models models = new Models();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final DeadLetterAdmin admin = new DeadLetterAdmin(queue, models, metrics);

    /** Serves the models in {@link #served}; {@link #unloadDuringAdmission} closes one as admission starts. */
    private static final class Models implements ModelDirectory {
        final Set<String> served = ConcurrentHashMap.newKeySet();
        volatile boolean unloadDuringAdmission;

        @Override
        public Optional<String> resolve(String nameOrAlias) {
            return Optional.of(nameOrAlias).filter(served::contains);
        }

        @Override
        public String defaultModel() {
            return "sim";
        }

        @Override
        public AdmissionPolicy admission(String model) {
            return new AdmissionPolicy(10, Optional.empty(), Duration.ofMinutes(10));
        }

        @Override
        public void admitting(String model, Runnable admission) {
            if (unloadDuringAdmission) {
                served.remove(model); // what the app's gate does for an unload that won the race
            }
            if (!served.contains(model)) {
                throw NotFoundException.model(model);
            }
            admission.run();
        }

        @Override
        public List<ModelStatus> statuses() {
            return served.stream().sorted().map(m -> new ModelStatus(m, "1", Optional.empty(), List.of(), "", "test",
                    true, 1, Duration.ZERO, 1, 1, 1, Duration.ZERO, 10, Optional.empty(), 1, 0, 0, 0, "closed", 0,
                    CachePolicy.OFF)).toList();
        }
    }

    private List<Job> deadLetters(String model, int n) throws InterruptedException {
        List<Job> letters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Job job = job(model, model + i, 0, clock.instant());
            queue.admit(job, 100);
            assertThat(queue.claim(model, 1, Duration.ZERO)).hasSize(1);
            letters.add(queue.finish(job.id(), new Completion.DeadLettered(FLAKE)).job());
        }
        return letters;
    }

    @Test
    void replay_ofAServedModel_queuesTheJobAgain() throws Exception {
        models.served.add("mm");
        Job letter = deadLetters("mm", 1).getFirst();

        Job replayed = admin.replay(letter.id());

        assertThat(replayed.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queue.stats("mm").queued()).isEqualTo(1);
        assertThat(queue.deadLetters().count("mm")).isZero();
    }

    @Test
    void replay_ofAModelNoLongerServed_isRefused_andTheLetterStaysUntouched() throws Exception {
        models.served.add("mm");
        Job letter = deadLetters("mm", 1).getFirst();
        models.served.remove("mm");

        assertThatThrownBy(() -> admin.replay(letter.id()))
                .isInstanceOfSatisfying(ModelNotServedException.class, e -> {
                    assertThat(e.code()).isEqualTo("model_not_served");
                    assertThat(e.model()).isEqualTo("mm");
                    assertThat(e.getMessage()).contains("'mm'", letter.id().value());
                });

        assertThat(queue.deadLetters().find(letter.id())).contains(letter);
        assertThat(queue.find(letter.id())).contains(letter);
        assertThat(queue.stats("mm").queued()).isZero();
    }

    @Test
    void replay_whenTheModelIsUnloadedBetweenTheCheckAndTheReplay_isRefused_andTheLetterStays() throws Exception {
        models.served.add("mm");
        Job letter = deadLetters("mm", 1).getFirst();
        models.unloadDuringAdmission = true;

        assertThatThrownBy(() -> admin.replay(letter.id())).isInstanceOf(ModelNotServedException.class);

        assertThat(queue.deadLetters().find(letter.id())).contains(letter);
    }

    @Test
    void replay_ofAnUnknownJob_isJobNotFound() {
        assertThatThrownBy(() -> admin.replay(dev.inferyx.core.JobId.random()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).isEqualTo("job_not_found"));
    }

    @Test
    void replayAll_ofAModelNoLongerServed_isRefused_andItsLettersStay() throws Exception {
        models.served.add("mm");
        deadLetters("mm", 3);
        models.served.remove("mm");

        assertThatThrownBy(() -> admin.replayAll("mm"))
                .isInstanceOfSatisfying(ModelNotServedException.class, e -> assertThat(e.model()).isEqualTo("mm"));

        assertThat(queue.deadLetters().count("mm")).isEqualTo(3);
        assertThat(metrics.events()).noneMatch(e -> e.startsWith("deadLettersReplayed"));
    }

    @Test
    void replayAll_ofANameNeitherServedNorHoldingLetters_isModelNotFound() {
        assertThatThrownBy(() -> admin.replayAll("nope"))
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.code()).isEqualTo("model_not_found"));
    }

    @Test
    void replayAll_ofEveryModel_replaysTheServedOnes_andReportsTheLettersLeft() throws Exception {
        models.served.addAll(Set.of("mm", "sim"));
        deadLetters("mm", 2);
        deadLetters("sim", 3);
        models.served.remove("mm");

        DeadLetterAdmin.ReplayAll result = admin.replayAll();

        assertThat(result.replayed()).isEqualTo(3);
        assertThat(result.notServed()).isEqualTo(Map.of("mm", 2));
        assertThat(queue.deadLetters().count("mm")).isEqualTo(2);
        assertThat(queue.stats("sim").queued()).isEqualTo(3);
        assertThat(metrics.events()).containsExactly("deadLettersReplayed sim 3");
    }

    @Test
    void listAndPurge_ofAModelNoLongerServed_stillReachItsLetters() throws Exception {
        models.served.add("mm");
        List<Job> letters = deadLetters("mm", 2);
        models.served.remove("mm");

        assertThat(admin.list(Optional.of("mm"), 10, Optional.empty()).jobs()).containsExactlyElementsOf(letters);
        assertThat(admin.purge(Optional.of("mm"))).isEqualTo(2);
        assertThatThrownBy(() -> admin.list(Optional.of("mm"), 10, Optional.empty()))
                .as("no letters left: an unknown model again").isInstanceOf(NotFoundException.class);
    }
}
