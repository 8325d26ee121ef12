package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies and answer checks shared by the V2 (Open Inference Protocol) tests. */
final class V2Bodies {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private V2Bodies() {
    }

    static String one(String name, String datatype, String shape, String data) {
        return "{\"inputs\": [{\"name\": \"" + name + "\", \"datatype\": \"" + datatype + "\", \"shape\": " + shape
                + ", \"data\": " + data + "}]}";
    }

    static JsonNode ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode statsOf(TestServer server, String model) {
        return ok(server.get("/v2/models/" + model + "/stats")).get("model_stats").get(0);
    }

    /** A V2 error: exactly {@code {"error": "<message>"}}, no stack trace. */
    static void assertV2Error(TestServer.Response r, String containing) {
        JsonNode body = r.json();
        assertThat(body.size()).as(r.body()).isEqualTo(1);
        assertThat(body.get("error").isTextual()).as(r.body()).isTrue();
        assertThat(body.get("error").asText()).contains(containing).doesNotContain("Exception", "\tat ");
    }

    static JsonNode find(JsonNode tensors, String name) {
        for (JsonNode t : tensors) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no tensor '" + name + "' in " + tensors);
    }

    static JsonNode find(JsonNode batchStats, long size) {
        for (JsonNode b : batchStats) {
            if (b.get("batch_size").asLong() == size) {
                return b;
            }
        }
        throw new AssertionError("no batch of size " + size + " in " + batchStats);
    }

    /** One input of the declared datatype and shape, any-size dimensions as 1, with a valid value per element. */
    static ObjectNode sample(JsonNode declared) {
        ObjectNode tensor = MAPPER.createObjectNode();
        tensor.set("name", declared.get("name"));
        tensor.set("datatype", declared.get("datatype"));
        ArrayNode shape = tensor.putArray("shape");
        long elements = 1;
        for (JsonNode dim : declared.get("shape")) {
            long size = dim.asLong() < 0 ? 1 : dim.asLong();
            shape.add(size);
            elements *= size;
        }
        ArrayNode data = tensor.putArray("data");
        for (long i = 0; i < elements; i++) {
            switch (declared.get("datatype").asText()) {
                case "BOOL" -> data.add(i % 2 == 0);
                case "BYTES" -> data.add("sample " + i);
                case "FP16", "FP32", "FP64" -> data.add(0.5 * i);
                default -> data.add(i % 100);
            }
        }
        return tensor;
    }
}
