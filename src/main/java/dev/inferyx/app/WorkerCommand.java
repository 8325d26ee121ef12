package dev.inferyx.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code inferyx worker}: batchers and worker pools on the shared Redis queue; HTTP for health and metrics. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the configured models' batchers and worker pools on the shared Redis queue.",
                "Its HTTP port serves only /health/live, /health/ready and /metrics. On SIGTERM it stops claiming,",
                "finishes its running batches within server.drain_timeout and leaves queued jobs to other workers.",
                "A worker killed outright loses nothing: its claimed jobs are reclaimed after redis.visibility_timeout.",
                "Needs redis.url, INFERYX_REDIS_URL or --redis."})
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        return options.run(Role.WORKER);
    }
}
