package dev.inferyx.app;

import dev.inferyx.config.ConfigException;
import dev.inferyx.config.ConfigLoader;
import dev.inferyx.config.InferyxConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code inferyx serve}: the embedded engine — gateway, queues, batchers and worker pools in one JVM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the whole engine in one process (in-memory queue and store) with the configured models.",
                "On SIGTERM it stops admitting (503), finishes or fails every accepted job within "
                        + "server.drain_timeout, answers waiting clients, and exits."})
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(ServeCommand.class.getName());

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

    @Override
    public Integer call() throws InterruptedException {
        InferyxConfig cfg;
        try {
            cfg = CliOverrides.apply(ConfigLoader.load(Optional.ofNullable(config), System.getenv()),
                    host, port, allowOpen);
        } catch (ConfigException e) {
            System.err.println("inferyx: invalid configuration: " + e.getMessage());
            return 2;
        }
        EmbeddedServer server;
        try {
            server = EmbeddedServer.start(cfg, InstantSource.system());
        } catch (IllegalStateException e) {
            System.err.println("inferyx: cannot start: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("inferyx-shutdown").unstarted(() -> {
            LOG.info("shutdown requested: draining (up to " + cfg.drainTimeout().toSeconds() + "s)");
            server.close();
            stopped.countDown();
            Logging.finish();
        }));
        System.out.println(Banner.text(cfg, server.port()));
        stopped.await();
        return 0;
    }
}
