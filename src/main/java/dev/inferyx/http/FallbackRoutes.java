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

    private static final String V2_MODEL = "/v2/models/[^/]+(/versions/[^/]+)?";

    private static final Map<Pattern, String> KNOWN = Map.ofEntries(
            Map.entry(Pattern.compile("/v2/?"), "GET"),
            Map.entry(Pattern.compile("/v2/health/(live|ready)"), "GET"),
            Map.entry(Pattern.compile(V2_MODEL + "(/ready|/config|/stats)?"), "GET"),
            Map.entry(Pattern.compile(V2_MODEL + "/infer"), "POST"),
            Map.entry(Pattern.compile("/v2/models/stats"), "GET"),
            Map.entry(Pattern.compile("/infer/?"), "POST"),
            Map.entry(Pattern.compile("/result/[^/]+/?"), "GET"),
            Map.entry(Pattern.compile("/models/?"), "GET"),
            Map.entry(Pattern.compile("/health/(live|ready)/?"), "GET"),
            Map.entry(Pattern.compile("/metrics/?"), "GET"),
            Map.entry(Pattern.compile("/admin/dead-letters/?"), "GET, DELETE"),
            Map.entry(Pattern.compile("/admin/dead-letters/replay/?"), "POST"),
            Map.entry(Pattern.compile("/admin/dead-letters/(?!replay/?$)[^/]+/?"), "GET"),
            Map.entry(Pattern.compile("/admin/dead-letters/[^/]+/replay/?"), "POST"));

    /** Paths only a server with the inference API has; a worker's ops-only server answers 404 for them. */
    private static final java.util.Set<String> API_PATHS = java.util.Set.of("/infer/?", "/result/[^/]+/?", "/models/?",
            "/v2/?", "/v2/health/(live|ready)", V2_MODEL + "(/ready|/config|/stats)?", V2_MODEL + "/infer",
            "/v2/models/stats");

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
        // Under /v2 a client speaks the Open Inference Protocol and parses its error shape.
        rules.any("/v2", endpoints.guardV2("unmatched", this::fallback))
                .any("/v2/*", endpoints.guardV2("unmatched", this::fallback))
                .any(endpoints.guard("unmatched", this::fallback));
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
                    method + " is not allowed on " + path + "; use " + allowed.get(), Optional.empty(),
                    path.equals("/v2") || path.startsWith("/v2/") ? ErrorMapper.Shape.V2 : ErrorMapper.Shape.INFERYX);
            return;
        }
        throw NotFoundException.route(method, path);
    }
}
