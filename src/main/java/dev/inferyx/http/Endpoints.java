package dev.inferyx.http;

import dev.inferyx.core.InferyxException;
import dev.inferyx.metrics.Metrics;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wraps route bodies: typed errors go through the {@link ErrorMapper}, anything unexpected becomes a logged
 * 500 with no detail for the client, and every response is measured under its route pattern.
 */
final class Endpoints {

    private static final Logger LOG = Logger.getLogger(Endpoints.class.getName());

    private final ErrorMapper errors;
    private final Metrics metrics;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    Endpoints(ErrorMapper errors, Metrics metrics) {
        this.errors = errors;
        this.metrics = metrics;
    }

    Handler guard(String route, Endpoint endpoint) {
        return guard(route, endpoint, ErrorMapper.Shape.INFERYX);
    }

    /** For the Open Inference Protocol's routes: errors in its {@code {"error": "..."}} shape. */
    Handler guardV2(String route, Endpoint endpoint) {
        return guard(route, endpoint, ErrorMapper.Shape.V2);
    }

    private Handler guard(String route, Endpoint endpoint, ErrorMapper.Shape shape) {
        return (req, res) -> {
            long start = System.nanoTime();
            inFlight.incrementAndGet();
            try {
                endpoint.handle(req, res);
            } catch (InferyxException e) {
                errors.send(res, e, requestId(req).or(e::requestId), shape);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.send(res, Status.SERVICE_UNAVAILABLE_503, "interrupted", "request was interrupted",
                        Optional.empty(), shape);
            } catch (Exception | Error e) {
                LOG.log(Level.SEVERE, "unexpected error on " + req.prologue().method().text() + " " + route, e);
                if (!res.isSent()) {
                    errors.send(res, Status.INTERNAL_SERVER_ERROR_500, "internal_error",
                            "internal error; see the server log", Optional.empty(), shape);
                }
            } finally {
                inFlight.decrementAndGet();
                metrics.httpResponse(req.prologue().method().text(), route, res.status().code(),
                        Duration.ofNanos(System.nanoTime() - start));
            }
        };
    }

    /** Requests being handled right now (their responses not yet written). */
    int inFlight() {
        return inFlight.get();
    }

    private static Optional<String> requestId(ServerRequest req) {
        return req.path().pathParameters().first("id").asOptional();
    }
}
