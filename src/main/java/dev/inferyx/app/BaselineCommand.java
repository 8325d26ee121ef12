package dev.inferyx.app;

import dev.inferyx.bench.BaselineServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code inferyx baseline}: a bare HTTP echo handler to measure the pipeline's overhead against. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Serve a bare HTTP echo to measure the pipeline's overhead against.",
                "A Helidon POST /echo that does the same HTTP and JSON work as POST /infer?wait= on the",
                "echo model, without queue, batcher or workers.",
                "Used by bench/pipeline.sh to report pipeline overhead as a ratio measured in one run."})
final class BaselineCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8089", description = "Port (default ${DEFAULT-VALUE}; 0 = any free).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        BaselineServer server = BaselineServer.start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("baseline echo listening on http://" + host + ":" + server.port() + "/echo");
        stopped.await();
        return 0;
    }
}
