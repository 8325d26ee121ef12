package dev.inferyx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.metrics.Metrics;
import dev.inferyx.metrics.MetricsExporter;
import dev.inferyx.queue.RetentionPolicy;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.InferenceService;
import dev.inferyx.service.ModelDirectory;
import dev.inferyx.service.ModelStatus;
import java.io.OutputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An open server (no API keys) must not be exposed beyond loopback by accident. */
class HttpGatewayExposureTest {

    private static final MetricsExporter NO_EXPORT = new MetricsExporter() {
        @Override
        public String contentType() {
            return "text/plain";
        }

        @Override
        public void write(OutputStream out) {
        }
    };

    private static InferenceService service() {
        MemoryJobStore store = new MemoryJobStore(RetentionPolicy.DEFAULT, InstantSource.system());
        ModelDirectory none = new ModelDirectory() {
            @Override
            public Optional<String> resolve(String nameOrAlias) {
                return Optional.empty();
            }

            @Override
            public String defaultModel() {
                return "none";
            }

            @Override
            public AdmissionPolicy admission(String model) {
                return AdmissionPolicy.DEFAULT;
            }

            @Override
            public List<ModelStatus> statuses() {
                return List.of();
            }
        };
        return new InferenceService(new MemoryJobQueue(store, InstantSource.system()), none,
                InstantSource.system(), Metrics.NOOP);
    }

    private static HttpConfig on(String host, boolean allowOpen) {
        return new HttpConfig(host, 0, allowOpen, 4096, 100, Duration.ofSeconds(1));
    }

    @Test
    void openServer_onAllInterfaces_refusesToStartAndSaysHowToFixIt() {
        assertThatThrownBy(() -> HttpGateway.start(on("0.0.0.0", false), List.of(), service(), Metrics.NOOP,
                NO_EXPORT, () -> true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("allow_open");
    }

    @Test
    void openServer_onAllInterfacesWithExplicitFlag_starts() {
        try (HttpGateway gateway = HttpGateway.start(on("0.0.0.0", true), List.of(), service(), Metrics.NOOP,
                NO_EXPORT, () -> true)) {
            assertThat(gateway.port()).isPositive();
        }
    }

    @Test
    void serverWithKeys_onAllInterfaces_starts() {
        try (HttpGateway gateway = HttpGateway.start(on("0.0.0.0", false),
                List.of(ApiKey.fromSecret("ops", "a-long-secret")), service(), Metrics.NOOP, NO_EXPORT, () -> true)) {
            assertThat(gateway.port()).isPositive();
        }
    }

    @Test
    void openServer_onLoopback_starts() {
        try (HttpGateway gateway = HttpGateway.start(on("127.0.0.1", false), List.of(), service(), Metrics.NOOP,
                NO_EXPORT, () -> true)) {
            assertThat(gateway.port()).isPositive();
        }
    }
}
