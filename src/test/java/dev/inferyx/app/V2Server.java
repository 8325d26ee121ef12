package dev.inferyx.app;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.config.ModelSpec;
import dev.inferyx.testing.OnnxFixtures;
import dev.inferyx.worker.PoolConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one server every V2 conformance test class talks to: started on first use and closed when the whole test run
 * ends (it lives in JUnit's root store), so splitting the V2 tests by concern does not load MiniLM and the ONNX
 * fixtures once per class. A class asks for it with {@code @ExtendWith(V2Server.class)} and a {@link TestServer}
 * parameter on its {@code @BeforeAll} method.
 *
 * <p>A model added to {@link #start()} (e.g. one served from an ONNX fixture) and listed in
 * {@link V2MetadataTest#servedModels()} is covered by metadata, config, readiness, versioned paths and a derived
 * round trip without new test code.
 */
final class V2Server implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(V2Server.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestServer.class;
    }

    @Override
    public TestServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(TestServer.class, type -> start(), TestServer.class);
    }

    private static TestServer start() {
        return TestServer.builder()
                .echo("echo", 1000)
                .sim("sim", TestServer.instantSim(), 1000)
                .model("minilm", new ModelSpec.MiniLm(false, 1), 100, new BatchPolicy(32, Duration.ofMillis(2)),
                        new PoolConfig(1, 2, 10, Duration.ofSeconds(30)))
                // One worker, batches of 2 cut after up to 5 s: two jobs sent close together share a batch.
                .model("pair", new ModelSpec.Sim("test", TestServer.instantSim()), 100,
                        new BatchPolicy(2, Duration.ofSeconds(5)), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                // Fails every batch: what a client waiting on V2 infer sees when the model, not the request, fails.
                .sim("broken", new dev.inferyx.model.sim.SimConfig(Duration.ZERO, 1, Duration.ZERO, 0, 1.0, 0), 100)
                // One worker, 1.5 s per batch of one, room for 2 unfinished jobs: to fill the queue and expire jobs.
                .model("slow", new ModelSpec.Sim("test", TestServer.slowSim(Duration.ofMillis(1500))), 2,
                        new BatchPolicy(1, Duration.ZERO), new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                // Real ONNX Runtime models from the committed fixtures (src/test/resources/onnx/make_fixtures.py).
                .model("add_sub", onnx("add_sub.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .model("int_scale", onnx("int_scale.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .model("strings", onnx("strings.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .model("types", onnx("types.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .model("fixed", onnx("fixed.onnx"), 100, new BatchPolicy(8, Duration.ofMillis(2)),
                        new PoolConfig(1, 1, 10, Duration.ofSeconds(30)))
                .start();
    }

    private static ModelSpec onnx(String fixture) {
        return new ModelSpec.Onnx(OnnxFixtures.path(fixture), 1, List.of(), List.of());
    }
}
