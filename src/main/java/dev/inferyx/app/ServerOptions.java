package dev.inferyx.app;

import dev.inferyx.config.ConfigException;
import dev.inferyx.config.ConfigLoader;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.core.DurationFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import picocli.CommandLine.Option;

/**
 * The flags every server role shares, and the one way to run a role until SIGTERM: load config, apply flags,
 * start, print the banner, drain on shutdown. A picocli mixin; one instance per command invocation.
 */
final class ServerOptions {

    private static final Logger LOG = Logger.getLogger(ServerOptions.class.getName());

    /** How long a stop during startup waits for the models to finish loading before it gives up on a drain. */
    private static final Duration STARTUP_WAIT_ON_STOP = Duration.ofSeconds(60);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML file merged over the bundled defaults (also: INFERYX_CONFIG).")
    Path config;

    @Option(names = "--host", description = "Interface to bind (overrides server.host and INFERYX_HOST).")
    String host;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (overrides server.port and "
            + "INFERYX_PORT).")
    Integer port;

    @Option(names = "--allow-open", description = "Allow serving without API keys on a non-loopback interface.")
    boolean allowOpen;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Shared Redis backend, redis://[:password@]host:port or rediss://... (overrides redis.url "
                    + "and INFERYX_REDIS_URL).")
    String redis;

    @Option(names = "--model-repository", paramLabel = "DIR",
            description = "Model repository directory, <DIR>/<name>/<version>/model.onnx (overrides "
                    + "model_repository and INFERYX_MODEL_REPOSITORY).")
    Path modelRepository;

    /** Runs {@code role} until the process is asked to stop; the exit code. */
    int run(Role role) throws InterruptedException {
        InferyxConfig cfg;
        try {
            Map<String, String> env = new HashMap<>(System.getenv());
            if (modelRepository != null) {
                // Through the environment layer, so the flag wins over it and the repository is read at load.
                env.put("INFERYX_MODEL_REPOSITORY", modelRepository.toString());
            }
            cfg = CliOverrides.apply(ConfigLoader.load(Optional.ofNullable(config), env),
                    host, port, allowOpen);
            if (redis != null) {
                cfg = cfg.withRedis(cfg.redis().withUrl(redis));
            }
        } catch (ConfigException e) {
            System.err.println("inferyx: invalid configuration: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("inferyx: invalid configuration: --redis: " + e.getMessage());
            return 2;
        }
        // The hook is in place before the models load: a stop that arrives while a native model is initialising
        // waits for the load to end and then drains as usual, instead of tearing the JVM down under ONNX Runtime.
        InferyxConfig running = cfg;
        CompletableFuture<Optional<EmbeddedServer>> started = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("inferyx-shutdown").unstarted(() -> {
            startedWithin(started, STARTUP_WAIT_ON_STOP).ifPresent(server -> {
                LOG.info("shutdown requested: draining (up to " + DurationFormat.format(running.drainTimeout()) + ")");
                server.close();
            });
            stopped.countDown();
            Logging.finish();
        }));
        EmbeddedServer server;
        try {
            server = EmbeddedServer.start(cfg, InstantSource.system(), role);
            started.complete(Optional.of(server));
        } catch (IllegalStateException | IllegalArgumentException e) {
            started.complete(Optional.empty());
            System.err.println("inferyx: cannot start: " + e.getMessage());
            return 2;
        } catch (RuntimeException | Error e) {
            started.complete(Optional.empty());
            throw e;
        }
        System.out.println(role == Role.WORKER
                ? "Inferyx worker running models " + String.join(", ", cfg.servedModels().keySet()) + " from "
                        + cfg.redis().redactedUrl() + "; health and metrics on port " + server.port()
                : Banner.text(cfg, server.port()));
        stopped.await();
        return 0;
    }

    /** The started server, or empty if start failed or has not ended within {@code wait} (then nothing is closed). */
    private static Optional<EmbeddedServer> startedWithin(CompletableFuture<Optional<EmbeddedServer>> started,
                                                          Duration wait) {
        try {
            return started.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warning("still starting after " + DurationFormat.format(wait) + "; stopping without a drain");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
