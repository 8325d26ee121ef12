package dev.inferyx.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

/** How the load generator talks HTTP: one client shape for every sender, and server roots without a trailing slash. */
final class LoadHttp {

    private LoadHttp() {
    }

    /**
     * An HTTP/1.1 client (what the server and wrk speak; no h2c upgrade round trip) whose callbacks run on virtual
     * threads, so thousands of concurrent requests cost no platform threads. Close it when done.
     */
    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** {@code base} as a string without a trailing slash, ready for {@code + "/path"}. */
    static String root(URI base) {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
