package dev.inferyx.http;

import dev.inferyx.core.NotFoundException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Registered last: JSON 405 (with {@code Allow}) for a known path with the wrong method, JSON 404 otherwise. */
final class FallbackRoutes implements HttpService {

    private static final Map<Pattern, String> KNOWN = Map.of(
            Pattern.compile("/infer/?"), "POST",
            Pattern.compile("/result/[^/]+/?"), "GET",
            Pattern.compile("/models/?"), "GET",
            Pattern.compile("/health/(live|ready)/?"), "GET",
            Pattern.compile("/metrics/?"), "GET",
            Pattern.compile("/admin/dead-letters/?"), "GET, DELETE",
            Pattern.compile("/admin/dead-letters/replay/?"), "POST",
            Pattern.compile("/admin/dead-letters/(?!replay/?$)[^/]+/?"), "GET",
            Pattern.compile("/admin/dead-letters/[^/]+/replay/?"), "POST");

    /** Paths only a server with the inference API has; a worker's ops-only server answers 404 for them. */
    private static final java.util.Set<String> API_PATHS = java.util.Set.of("/infer/?", "/result/[^/]+/?", "/models/?");

    private final Endpoints endpoints;
    private final ErrorMapper errors;
    private final boolean servesApi;

    FallbackRoutes(Endpoints endpoints, ErrorMapper errors) {
        this(endpoints, errors, true);
    }

    FallbackRoutes(Endpoints endpoints, ErrorMapper errors, boolean servesApi) {
        this.endpoints = endpoints;
        this.errors = errors;
        this.servesApi = servesApi;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(endpoints.guard("unmatched", this::fallback));
    }

    private void fallback(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        String method = req.prologue().method().text();
        Optional<String> allowed = KNOWN.entrySet().stream()
                .filter(e -> servesApi || !API_PATHS.contains(e.getKey().pattern()))
                .filter(e -> e.getKey().matcher(path).matches())
                .map(Map.Entry::getValue)
                .findFirst();
        if (allowed.isPresent()) {
            res.header(HeaderNames.ALLOW, allowed.get());
            errors.send(res, Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                    method + " is not allowed on " + path + "; use " + allowed.get(), Optional.empty());
            return;
        }
        throw NotFoundException.route(method, path);
    }
}
