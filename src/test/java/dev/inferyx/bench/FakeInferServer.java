package dev.inferyx.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in Inferyx on a random loopback port: {@code POST /infer} answers 200 {@code {"status":"done"}} after a
 * fixed delay. Optionally the {@code stallAtRequest}-th request freezes the whole server for {@code stall}: every
 * request that arrives until then waits for the stall to end, as behind a GC pause.
 */
final class FakeInferServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private volatile long stallUntilNanos = System.nanoTime(); // in the past once the server runs

    private final java.util.concurrent.Semaphore capacity;

    FakeInferServer(Duration delay, long stallAtRequest, Duration stall) throws IOException {
        this(delay, stallAtRequest, stall, Integer.MAX_VALUE);
    }

    /** @param concurrency requests served at once; the rest wait, so throughput is at most concurrency / delay */
    FakeInferServer(Duration delay, long stallAtRequest, Duration stall, int concurrency) throws IOException {
        capacity = new java.util.concurrent.Semaphore(concurrency);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(executor);
        server.createContext("/infer", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            long n = requests.incrementAndGet();
            if (n == stallAtRequest) {
                stallUntilNanos = System.nanoTime() + stall.toNanos();
            }
            try {
                long stallLeft = stallUntilNanos - System.nanoTime();
                if (stallLeft > 0) {
                    Thread.sleep(Duration.ofNanos(stallLeft));
                }
                capacity.acquire();
                try {
                    Thread.sleep(delay);
                } finally {
                    capacity.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"request_id\":\"r\",\"status\":\"done\",\"result\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    static FakeInferServer withDelay(Duration delay) throws IOException {
        return new FakeInferServer(delay, -1, Duration.ZERO);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // close() would wait for idle keep-alive exchanges
    }
}
