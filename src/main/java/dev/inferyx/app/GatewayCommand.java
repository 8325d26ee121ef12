package dev.inferyx.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code inferyx gateway}: the HTTP API only, admitting into the shared Redis queue. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP API only: admit jobs into the shared Redis queue and answer results from it.",
                "Stateless: run as many as you like behind a load balancer; `inferyx worker` processes run the models.",
                "Needs redis.url, INFERYX_REDIS_URL or --redis."})
final class GatewayCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws InterruptedException {
        return options.run(Role.GATEWAY);
    }
}
