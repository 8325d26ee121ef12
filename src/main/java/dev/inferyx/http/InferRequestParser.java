package dev.inferyx.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.core.Input;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.service.SubmitRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns a {@code POST /infer} body into a {@link SubmitRequest}, or a 400 that says which field is wrong.
 * Accepts the seed prototype's body {@code {"input": "...", "model_id": "..."}}; unknown fields are ignored
 * so newer clients keep working with older servers.
 */
final class InferRequestParser {

    private static final long MAX_TIMEOUT_MS = Duration.ofDays(1).toMillis();

    private final Json json;
    private final int maxInputChars;

    InferRequestParser(Json json, int maxInputChars) {
        this.json = json;
        this.maxInputChars = maxInputChars;
    }

    SubmitRequest parse(byte[] body, String owner) {
        JsonNode root = json.parse(body);
        if (!root.isObject()) {
            throw invalid("request body must be a JSON object, was " + kind(root));
        }
        String input = requiredString(root, "input");
        if (input.isBlank()) {
            throw new InvalidRequestException("empty_input", "input must not be empty");
        }
        if (input.length() > maxInputChars) {
            throw new InvalidRequestException("input_too_long", "input must be at most " + maxInputChars
                    + " characters, was " + input.length());
        }
        Optional<String> model = optionalString(root, "model_id");
        if (model.isPresent() && model.get().isBlank()) {
            throw invalid("model_id must not be empty");
        }
        int priority = optionalInt(root, "priority", Integer.MIN_VALUE / 2, Integer.MAX_VALUE / 2).orElse(0);
        Optional<Duration> timeout = optionalInt(root, "timeout_ms", 1, MAX_TIMEOUT_MS).map(Duration::ofMillis);
        return new SubmitRequest(model, new Input.Text(input), owner, priority, timeout);
    }

    private static String requiredString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw invalid("missing required field '" + field + "'");
        }
        if (!node.isTextual()) {
            throw invalid("field '" + field + "' must be a string, was " + kind(node));
        }
        return node.textValue();
    }

    private static Optional<String> optionalString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid("field '" + field + "' must be a string, was " + kind(node));
        }
        return Optional.of(node.textValue());
    }

    private static Optional<Integer> optionalInt(JsonNode root, String field, long min, long max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid("field '" + field + "' must be an integer, was " + kind(node));
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw invalid("field '" + field + "' must be in [" + min + ", " + max + "], was " + value);
        }
        return Optional.of((int) value);
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("invalid_request", message);
    }
}
