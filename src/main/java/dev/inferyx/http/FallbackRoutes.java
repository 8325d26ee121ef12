package dev.inferyx.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * Registered last: a JSON 405 (with {@code Allow}) for a path one of this server's routes serves with another
 * method, a JSON 404 otherwise — both from the {@link RouteTable} the routes were registered into, so they match
 * what this server serves. Under {@code /v2} in the Open Inference Protocol's error shape.
 */
final class FallbackRoutes implements HttpService {

    private final Endpoints endpoints;

    FallbackRoutes(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void routing(HttpRules rules) {
        // Under /v2 a client speaks the Open Inference Protocol and parses its error shape.
        rules.any("/v2", endpoints.unmatched(ErrorMapper.Shape.V2))
                .any("/v2/*", endpoints.unmatched(ErrorMapper.Shape.V2))
                .any(endpoints.unmatched(ErrorMapper.Shape.INFERYX));
    }
}
