package dev.inferyx.http;

import dev.inferyx.metrics.InferenceStatistics;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.metrics.MetricsExporter;
import dev.inferyx.service.DeadLetterAdmin;
import dev.inferyx.service.InferenceService;
import dev.inferyx.service.RepositoryAdmin;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The HTTP front door: a Helidon SE server (one virtual thread per request) with the inference API, probes,
 * metrics and JSON fallbacks. Refuses to start an open server (no API keys) on a non-loopback interface unless
 * {@link HttpConfig#allowOpen()} says so explicitly.
 */
public final class HttpGateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HttpGateway.class.getName());

    private final WebServer server;
    private final Endpoints endpoints;

    private HttpGateway(WebServer server, Endpoints endpoints) {
        this.server = server;
        this.endpoints = endpoints;
    }

    /** Binds and starts serving; returns once the port is open. */
    public static HttpGateway start(HttpConfig config, List<ApiKey> keys, InferenceService service, Metrics metrics,
                                    MetricsExporter exporter, BooleanSupplier ready) {
        return start(config, keys, List.of(), service, Optional.empty(), metrics, exporter,
                new InferenceStatistics(java.time.InstantSource.system()), ready);
    }

    /**
     * With the admin API when {@code admin} is given: it needs one of {@code adminKeys}; with none configured it is
     * served only by an open server on loopback. {@code statistics} feeds the V2 {@code stats} routes; it should
     * receive the same events as {@code metrics}.
     */
    public static HttpGateway start(HttpConfig config, List<ApiKey> keys, List<ApiKey> adminKeys,
                                    InferenceService service, Optional<DeadLetterAdmin> admin, Metrics metrics,
                                    MetricsExporter exporter, InferenceStatistics statistics, BooleanSupplier ready) {
        return start(config, keys, adminKeys, service, admin, Optional.empty(), metrics, exporter, statistics, ready);
    }

    /**
     * With the model repository's admin routes too when {@code repository} is given (same admin keys as the
     * dead-letter API).
     */
    public static HttpGateway start(HttpConfig config, List<ApiKey> keys, List<ApiKey> adminKeys,
                                    InferenceService service, Optional<DeadLetterAdmin> admin,
                                    Optional<RepositoryAdmin> repository, Metrics metrics,
                                    MetricsExporter exporter, InferenceStatistics statistics, BooleanSupplier ready) {
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(keys);
        checkExposure(config, auth);
        ApiKeyAuthenticator adminAuth = new ApiKeyAuthenticator(adminKeys);
        AdminAccess adminAccess = new AdminAccess(adminAuth, auth.isOpen() && isLoopback(config.host()));
        Json json = new Json();
        ErrorMapper errors = new ErrorMapper(json);
        Endpoints endpoints = new Endpoints(errors, metrics);
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                // Bursts of new connections (thousands of clients at once) wait in the kernel's accept queue
                // instead of being refused; the kernel caps it at net.core.somaxconn.
                .backlog(4096)
                .shutdownHook(false) // the application drains first, then stops the server
                .routing(routing -> routing
                        .register(new InferenceRoutes(service, auth, json, endpoints, metrics, config))
                        .register(new OpsRoutes(json, endpoints, ready, exporter))
                        .register(new V2Routes(service, auth, json, endpoints, errors, metrics, statistics, config,
                                ready, V2Routes.extensions(repository.isPresent())))
                        .register(admin.<HttpService>map(a -> new AdminRoutes(a, adminAccess, json,
                                endpoints)).orElse(rules -> { }))
                        .register(repository.<HttpService>map(r -> new RepositoryRoutes(r, adminAccess, json,
                                endpoints)).orElse(rules -> { }))
                        .register(new FallbackRoutes(endpoints)))
                .build()
                .start();
        return new HttpGateway(server, endpoints);
    }

    /**
     * Serves only the probes and {@code /metrics} (everything else is a JSON 404): for a worker process, which
     * takes no requests. These routes never need a key, so there is no exposure check.
     */
    public static HttpGateway startOpsOnly(HttpConfig config, Metrics metrics, MetricsExporter exporter,
                                           BooleanSupplier ready) {
        Json json = new Json();
        ErrorMapper errors = new ErrorMapper(json);
        Endpoints endpoints = new Endpoints(errors, metrics);
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                .routing(routing -> routing
                        .register(new OpsRoutes(json, endpoints, ready, exporter))
                        .register(new FallbackRoutes(endpoints)))
                .build()
                .start();
        return new HttpGateway(server, endpoints);
    }

    private static void checkExposure(HttpConfig config, ApiKeyAuthenticator auth) {
        if (!auth.isOpen()) {
            return;
        }
        if (isLoopback(config.host())) {
            LOG.warning("no API keys configured: the server is open to anyone who can reach "
                    + config.host() + " (loopback only). Set INFERYX_API_KEYS to require keys.");
            return;
        }
        if (!config.allowOpen()) {
            throw new IllegalStateException("refusing to serve without API keys on non-loopback host "
                    + config.host() + ": configure auth.api_keys (or INFERYX_API_KEYS), bind 127.0.0.1, "
                    + "or set server.allow_open: true (--allow-open) to expose an open server on purpose");
        }
        LOG.warning("no API keys configured and allow_open is set: the server is OPEN on " + config.host());
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve server.host '" + host + "'", e);
        }
    }

    public int port() {
        return server.port();
    }

    /**
     * Stops listening once the requests being handled have written their answers (waiting clients included),
     * or after {@code grace}, whichever comes first.
     */
    public void close(java.time.Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (endpoints.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // a shutdown-only poll; no request path waits here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop();
    }

    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(5));
    }
}
