package dev.inferyx.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Samples one model's live worker count ({@code inferyx_workers}) and requests received
 * ({@code inferyx_requests_total}, all outcomes) from a server's {@code /metrics} at a fixed interval and prints
 * {@code t_ms,workers,requests} lines, the input of {@link StepResponse}. One JVM polling over a kept-alive
 * connection holds its interval on a loaded machine, where a shell loop forking curl every 100 ms did not.
 *
 * <pre>java -cp target/inferyx.jar dev.inferyx.bench.WorkerSampler URL MODEL [interval ms=100]</pre>
 * runs until killed; a failed poll is skipped, not fatal.
 */
public final class WorkerSampler {

    private WorkerSampler() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: WorkerSampler URL MODEL [interval ms]");
            System.exit(2);
        }
        URI metrics = URI.create(args[0].replaceAll("/+$", "") + "/metrics");
        String model = args[1];
        long intervalMs = args.length > 2 ? Long.parseLong(args[2]) : 100;
        PrintStream out = System.out;
        out.println("# t_ms,workers,requests");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            var request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).GET().build();
            long next = System.currentTimeMillis();
            while (!Thread.currentThread().isInterrupted()) {
                long t = System.currentTimeMillis();
                try {
                    var text = PrometheusText.parse(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
                    double workers = text.sum("inferyx_workers", l -> model.equals(l.get("model")));
                    double requests = text.sum("inferyx_requests_total", l -> model.equals(l.get("model")));
                    out.printf("%d,%d,%d%n", t, (long) workers, (long) requests);
                    out.flush();
                } catch (IOException e) {
                    System.err.println("sampler: " + e);
                }
                next += intervalMs;
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            }
        }
    }
}
