package dev.inferyx.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.InvalidRequestException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/** JSON reading and writing for the HTTP layer. Thread-safe (Jackson's mapper is, once configured). */
public final class Json {

    private final ObjectMapper mapper = new ObjectMapper();

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** Parses a request body; {@code malformed_json} 400 when it is not JSON. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidRequestException("malformed_json", "request body is empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("malformed_json", "request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("malformed_json", "request body could not be read as JSON");
        }
    }

    public byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public void send(ServerResponse res, JsonNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes(body));
    }
}
