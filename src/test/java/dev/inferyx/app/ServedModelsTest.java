package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The served-model table: names and aliases, replacement in place, removal, and the admission gate. */
@Timeout(10)
class ServedModelsTest {

    private final ServedModels served = new ServedModels();

    private static ModelConfig model(String name, int capacity, String... aliases) {
        return new ModelConfig(name, List.of(aliases), new ModelSpec.Echo(),
                new AdmissionPolicy(capacity, Optional.empty(), Duration.ofMinutes(1)),
                new BatchPolicy(1, Duration.ZERO), new PoolConfig(1, 1, 1, Duration.ofSeconds(1)));
    }

    @Test
    void put_resolvesNamesAndAliases_andReplacesInPlaceKeepingTheGate() {
        served.put(model("a", 1, "alpha"), Optional.empty());
        served.put(model("b", 1), Optional.empty());
        ServedModels.Gate gate = served.require("a").gate();

        served.put(model("a", 2, "first"), Optional.empty());

        assertThat(served.entries()).extracting(ServedModels.Entry::name).containsExactly("a", "b");
        assertThat(served.require("a").config().admission().queueCapacity()).isEqualTo(2);
        assertThat(served.require("a").gate()).isSameAs(gate);
        assertThat(served.resolve("first")).contains("a");
        assertThat(served.resolve("alpha")).isEmpty();
    }

    @Test
    void put_aNameOrAliasOfAnotherModel_isRefused() {
        served.put(model("a", 1, "alpha"), Optional.empty());
        assertThat(served.conflict(model("b", 1, "alpha"))).contains("name or alias 'alpha' is already used by model a");
        assertThatThrownBy(() -> served.put(model("alpha", 1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(served.entries()).hasSize(1);
    }

    @Test
    void remove_stopsResolving() {
        served.put(model("a", 1, "alpha"), Optional.empty());
        assertThat(served.remove("a")).isPresent();
        assertThat(served.resolve("alpha")).isEmpty();
        assertThatThrownBy(() -> served.require("a")).isInstanceOf(NotFoundException.class);
        assertThat(served.remove("a")).isEmpty();
    }

    @Test
    void gateClose_waitsForAdmissionsInProgress_thenRefusesNewOnes() throws Exception {
        served.put(model("a", 1), Optional.empty());
        ServedModels.Gate gate = served.require("a").gate();
        CountDownLatch admitting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> admission = CompletableFuture.runAsync(() -> gate.admit("a", () -> {
            admitting.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        admitting.await();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(gate::close);

        // close() must wait while the admission holds the gate.
        // (atMost only bounds a slow poller: the check passes after 200 ms or fails as soon as close() returns.)
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> !closing.isDone());
        release.countDown();
        closing.get(5, TimeUnit.SECONDS);
        admission.get(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> gate.admit("a", () -> { }))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("unknown model 'a'");
    }
}
