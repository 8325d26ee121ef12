package dev.inferyx.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** A route body that may throw; {@link Endpoints} turns what it throws into an HTTP error. */
@FunctionalInterface
interface Endpoint {
    void handle(ServerRequest req, ServerResponse res) throws Exception;
}
