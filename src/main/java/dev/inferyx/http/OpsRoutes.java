package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.metrics.MetricsExporter;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/**
 * Probes and metrics, open without a key so orchestrators and Prometheus can reach them:
 * {@code /health/live}, {@code /health/ready} (200 only once models are loaded and warmed, 503 while
 * draining) and {@code /metrics}.
 */
final class OpsRoutes implements HttpService {

    private final Json json;
    private final Endpoints endpoints;
    private final BooleanSupplier ready;
    private final MetricsExporter exporter;

    OpsRoutes(Json json, Endpoints endpoints, BooleanSupplier ready, MetricsExporter exporter) {
        this.json = json;
        this.endpoints = endpoints;
        this.ready = ready;
        this.exporter = exporter;
    }

    @Override
    public void routing(HttpRules rules) {
        endpoints.on(rules)
                .get("/health/live", this::live)
                .get("/health/ready", this::ready)
                .get("/metrics", this::metrics);
    }

    private void live(ServerRequest req, ServerResponse res) {
        ObjectNode body = json.object();
        body.put("status", "UP");
        json.send(res, body);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean isReady = ready.getAsBoolean();
        ObjectNode body = json.object();
        body.put("status", isReady ? "UP" : "DOWN");
        res.status(isReady ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        json.send(res, body);
    }

    private void metrics(ServerRequest req, ServerResponse res) throws IOException {
        res.header(HeaderNames.CONTENT_TYPE, exporter.contentType());
        try (OutputStream out = res.outputStream()) {
            exporter.write(out);
        }
    }
}
