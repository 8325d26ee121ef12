package dev.inferyx.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.util.UUID;

/**
 * The yardstick for pipeline overhead: a bare Helidon handler that does the same per-request HTTP and JSON work
 * as {@code POST /infer?wait=} with the {@code echo} model (parse the body, build a response with a fresh id),
 * but no queue, batcher, worker or store. Benchmarks compare the two in one run.
 */
public final class BaselineServer implements AutoCloseable {

    private final WebServer server;

    private BaselineServer(WebServer server) {
        this.server = server;
    }

    public static BaselineServer start(String host, int port) {
        ObjectMapper mapper = new ObjectMapper();
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .routing(r -> r.post("/echo", (req, res) -> {
                    JsonNode body = mapper.readTree(req.content().inputStream());
                    ObjectNode out = mapper.createObjectNode();
                    out.put("request_id", UUID.randomUUID().toString());
                    out.put("model_id", "echo");
                    out.put("status", "done");
                    out.put("result", body.path("input").asText());
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(mapper.writeValueAsBytes(out));
                }))
                .build()
                .start();
        return new BaselineServer(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
