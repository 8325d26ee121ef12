package dev.inferyx.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;

/**
 * Runs one inference against an Inferyx server's {@code /infer} API and reports how it ended; never throws for
 * HTTP or I/O failures (they become an {@link Outcome} with an error code). Thread-safe: one instance serves all
 * of a benchmark's concurrent requests over one {@link HttpClient} (HTTP/1.1, virtual-thread executor).
 */
public final class InferClient implements RequestSender, AutoCloseable {

    private static final Set<String> TERMINAL = Set.of("done", "failed", "expired");
    /** Longest single long-poll; the server caps {@code ?wait=} at {@code server.max_wait} (60 s by default). */
    private static final long MAX_WAIT_MS = 30_000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http;
    private final URI base;
    private final String model;
    private final String key;
    private final Mode mode;
    private final Duration timeout;

    /**
     * @param base    server root, e.g. {@code http://127.0.0.1:8080}
     * @param key     API key sent as a bearer token, or {@code null}
     * @param timeout bound on one request from submit to terminal result (> 0); past it the outcome is
     *                {@code client_timeout}
     */
    public InferClient(URI base, String model, String key, Mode mode, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be > 0, was " + timeout);
        }
        this.base = URI.create(LoadHttp.root(base));
        this.model = model;
        this.key = key;
        this.mode = mode;
        this.timeout = timeout;
        this.http = LoadHttp.client();
    }

    /** Submits {@code input} and follows it to a terminal state. Blocks the calling (virtual) thread. */
    @Override
    public Outcome send(String input) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            ObjectNode body = mapper.createObjectNode().put("input", input).put("model_id", model);
            String path = mode == Mode.WAIT ? "/infer?wait=" + waitMillis(deadline) + "ms" : "/infer";
            HttpRequest request = request(path, deadline)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int submitStatus = response.statusCode();
            JsonNode json = parse(response.body());
            if (submitStatus == 200) {
                return terminal(submitStatus, json);
            }
            if (submitStatus != 202) {
                return new Outcome(submitStatus, errorCode(submitStatus, json));
            }
            String id = json.path("request_id").asText("");
            if (id.isEmpty()) {
                return new Outcome(submitStatus, "missing_request_id");
            }
            return poll(submitStatus, id, deadline);
        } catch (HttpTimeoutException e) {
            return new Outcome(0, "client_timeout");
        } catch (IOException e) {
            return new Outcome(0, "io_error");
        }
    }

    private Outcome poll(int submitStatus, String id, long deadline) throws IOException, InterruptedException {
        while (true) {
            if (System.nanoTime() >= deadline) {
                return new Outcome(submitStatus, "client_timeout");
            }
            HttpRequest request = request("/result/" + id + "?wait=" + waitMillis(deadline) + "ms", deadline)
                    .GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = parse(response.body());
            if (response.statusCode() != 200) {
                return new Outcome(submitStatus, errorCode(response.statusCode(), json));
            }
            if (TERMINAL.contains(json.path("status").asText())) {
                return terminal(submitStatus, json);
            }
        }
    }

    private HttpRequest.Builder request(String path, long deadline) {
        long leftNanos = Math.max(1_000_000, deadline - System.nanoTime());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofNanos(leftNanos));
        if (key != null && !key.isEmpty()) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    private static long waitMillis(long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        return Math.max(1, Math.min(MAX_WAIT_MS, left));
    }

    private static Outcome terminal(int submitStatus, JsonNode job) {
        String status = job.path("status").asText();
        if ("done".equals(status)) {
            return Outcome.ok(submitStatus);
        }
        String code = job.path("error").path("code").asText("");
        return new Outcome(submitStatus, code.isEmpty() ? "job_" + status : code);
    }

    private static String errorCode(int status, JsonNode json) {
        String code = json.path("error").path("code").asText("");
        return code.isEmpty() ? "http_" + status : code;
    }

    /**
     * The answer's fields without its {@code "result"}, which the client never reads: skipping it leaves the 384
     * floats of a {@code minilm} answer unparsed, so the load generator spends less of the CPU it shares with
     * the server it measures (parsing them into a tree cost ~30-60 µs an answer).
     */
    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return mapper.missingNode();
        }
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return mapper.missingNode();
            }
            ObjectNode fields = mapper.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("result")) {
                    parser.skipChildren();
                } else {
                    fields.set(name, mapper.readTree(parser));
                }
            }
            return fields;
        } catch (IOException e) {
            return mapper.missingNode();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
