package dev.inferyx.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code inferyx serve}: the whole engine — gateway, queues, batchers and worker pools — in one JVM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the whole engine in one process (in memory, or on Redis with --redis URL).",
                "With --redis, gateway and worker processes can join it on the same Redis.",
                "On SIGTERM it stops admitting (503), finishes or fails every accepted job within "
                        + "server.drain_timeout, answers waiting clients, and exits."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        return options.run(Role.ALL);
    }
}
