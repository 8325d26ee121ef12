package dev.inferyx.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs one inference over the Open Inference Protocol: {@code POST /v2/models/{model}/infer}, which answers
 * synchronously. Each generated input is sent as a one-row BYTES tensor {@code text} (the input of every text
 * model), unless a fixed request body was given ({@code --payload}), which is then sent as is for every request.
 * A 200 is a success; anything else is an error whose code is {@code http_<status>} (V2 errors carry only a
 * message). Never throws for HTTP or I/O failures. Thread-safe.
 */
public final class V2Client implements RequestSender {

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http;
    private final URI infer;
    private final String key;
    private final Duration timeout;
    private final Optional<byte[]> payload;

    /**
     * @param payload a whole V2 infer request body to send for every request, or empty to send each input as text
     * @param timeout bound on one request (> 0); past it the outcome is {@code client_timeout}
     */
    public V2Client(URI base, String model, String key, Duration timeout, Optional<byte[]> payload) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be > 0, was " + timeout);
        }
        this.infer = URI.create(LoadHttp.root(base) + "/v2/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "/infer");
        this.key = key;
        this.timeout = timeout;
        this.payload = payload.map(byte[]::clone);
        this.http = LoadHttp.client();
    }

    @Override
    public Outcome send(String input) throws InterruptedException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(infer).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload.orElseGet(() -> textBody(input))));
            if (key != null && !key.isEmpty()) {
                request.header("Authorization", "Bearer " + key);
            }
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status == 200 ? Outcome.ok(status) : new Outcome(status, "http_" + status);
        } catch (HttpTimeoutException e) {
            return new Outcome(0, "client_timeout");
        } catch (IOException e) {
            return new Outcome(0, "io_error");
        }
    }

    /** {@code {"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": [input]}]}}. */
    private byte[] textBody(String input) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode tensor = body.putArray("inputs").addObject();
        tensor.put("name", "text").put("datatype", "BYTES");
        tensor.putArray("shape").add(1);
        tensor.putArray("data").add(input);
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException impossible) {
            throw new IllegalStateException("a JSON tree always serialises", impossible);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
