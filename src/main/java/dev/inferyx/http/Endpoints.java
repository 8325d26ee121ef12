package dev.inferyx.http;

import dev.inferyx.core.InferyxException;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.core.NotFoundException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers and wraps route bodies: typed errors go through the {@link ErrorMapper}, anything unexpected becomes a
 * logged 500 with no detail for the client, and every response is measured under its route pattern. Every route
 * registered through {@link #on} is recorded in one {@link RouteTable}, from which a wrong method on a known path
 * is answered, the same way everywhere: 405 {@code method_not_allowed} with {@code Allow}.
 */
final class Endpoints {

    /** The metrics route label of requests no route owns (404) or that used a wrong method (405). */
    static final String UNMATCHED = "unmatched";

    /** Registers routes on one {@link HttpRules}, recording each; errors in one shape. */
    final class Registrar {
        private final HttpRules rules;
        private final ErrorMapper.Shape shape;

        private Registrar(HttpRules rules, ErrorMapper.Shape shape) {
            this.rules = rules;
            this.shape = shape;
        }

        Registrar get(String pattern, Endpoint endpoint) {
            return route(Method.GET, pattern, endpoint);
        }

        Registrar post(String pattern, Endpoint endpoint) {
            return route(Method.POST, pattern, endpoint);
        }

        Registrar delete(String pattern, Endpoint endpoint) {
            return route(Method.DELETE, pattern, endpoint);
        }

        private Registrar route(Method method, String pattern, Endpoint endpoint) {
            routes.add(method.text(), pattern);
            rules.route(method, pattern, routed(pattern, endpoint, shape));
            return this;
        }
    }

    private static final Logger LOG = Logger.getLogger(Endpoints.class.getName());

    private final ErrorMapper errors;
    private final Metrics metrics;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final RouteTable routes = new RouteTable();

    Endpoints(ErrorMapper errors, Metrics metrics) {
        this.errors = errors;
        this.metrics = metrics;
    }

    /** Registers routes on {@code rules} with Inferyx's error shape. */
    Registrar on(HttpRules rules) {
        return new Registrar(rules, ErrorMapper.Shape.INFERYX);
    }

    /** Registers routes on {@code rules} with the Open Inference Protocol's error shape. */
    Registrar onV2(HttpRules rules) {
        return new Registrar(rules, ErrorMapper.Shape.V2);
    }

    /**
     * Answers a request no route took: 405 (with {@code Allow}) if its path is a registered route's, else 404
     * {@code route_not_found}. For the fallback, registered after every route.
     */
    Handler unmatched(ErrorMapper.Shape shape) {
        return guard(UNMATCHED, (req, res) -> {
            String path = req.path().path();
            String method = req.prologue().method().text();
            Optional<RouteTable.Route> owner = routes.owner(path);
            if (owner.isEmpty() || owner.get().methods().contains(method)) {
                // The second cannot happen while RouteTable.add refuses shadowed routes; a 404 is the safe answer.
                throw NotFoundException.route(method, path);
            }
            methodNotAllowed(res, method, path, owner.get(), shape);
        }, shape);
    }

    /**
     * {@code endpoint} guarded, unless the router picked {@code pattern} for a path that belongs to a more specific
     * route (GET {@code /admin/dead-letters/replay} reaches {@code /admin/dead-letters/{id}}, whose GET is the only
     * one): then that route's answer from {@link #unmatched}, a 405, instead of this route's about an "id" called
     * replay.
     */
    private Handler routed(String pattern, Endpoint endpoint, ErrorMapper.Shape shape) {
        Handler guarded = guard(pattern, endpoint, shape);
        Handler elsewhere = unmatched(shape);
        return (req, res) -> (routes.ownedElsewhere(req.path().path(), pattern) ? elsewhere : guarded)
                .handle(req, res);
    }

    private void methodNotAllowed(ServerResponse res, String method, String path, RouteTable.Route route,
                                  ErrorMapper.Shape shape) {
        res.header(HeaderNames.ALLOW, route.allow());
        errors.send(res, Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                method + " is not allowed on " + path + "; use " + route.allow(), Optional.empty(), shape);
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
