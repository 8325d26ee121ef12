package dev.inferyx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Input;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.service.SubmitRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InferRequestParserTest {

    private final InferRequestParser parser = new InferRequestParser(new Json(), 20);

    private SubmitRequest parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), "alice");
    }

    private static void assertInvalid(Runnable call, String code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((InvalidRequestException) e).code()).isEqualTo(code));
    }

    @Test
    void parse_seedBody_readsInputAndModel() {
        SubmitRequest r = parse("{\"input\": \"hi\", \"model_id\": \"mock\", \"timestamp\": \"ignored\"}");

        assertThat(r.input()).isEqualTo(new Input.Text("hi"));
        assertThat(r.model()).contains("mock");
        assertThat(r.owner()).isEqualTo("alice");
        assertThat(r.priority()).isZero();
        assertThat(r.timeout()).isEmpty();
    }

    @Test
    void parse_priorityAndTimeout() {
        SubmitRequest r = parse("{\"input\": \"hi\", \"priority\": 5, \"timeout_ms\": 250}");

        assertThat(r.priority()).isEqualTo(5);
        assertThat(r.timeout()).contains(Duration.ofMillis(250));
        assertThat(r.model()).isEqualTo(Optional.empty());
    }

    @Test
    void parse_badFields_nameTheFieldAndWhatWasSent() {
        assertInvalid(() -> parse("{\"input\": [\"a\"]}"), "invalid_request", "'input' must be a string, was an array");
        assertInvalid(() -> parse("{\"input\": \"a\", \"model_id\": 3}"), "invalid_request", "'model_id'");
        assertInvalid(() -> parse("{\"input\": \"a\", \"priority\": 1.5}"), "invalid_request", "'priority' must be an integer");
        assertInvalid(() -> parse("{\"input\": \"a\", \"timeout_ms\": -1}"), "invalid_request", "'timeout_ms' must be in");
        assertInvalid(() -> parse("{\"input\": \"a\", \"model_id\": \"\"}"), "invalid_request", "model_id");
        assertInvalid(() -> parse("\"just a string\""), "invalid_request", "JSON object");
    }

    @Test
    void parse_inputLimits() {
        assertInvalid(() -> parse("{\"input\": \"\"}"), "empty_input", "empty");
        assertInvalid(() -> parse("{\"input\": \"" + "x".repeat(21) + "\"}"), "input_too_long", "at most 20");
        assertThat(parse("{\"input\": \"" + "x".repeat(20) + "\"}").input().size()).isEqualTo(20);
    }

    @Test
    void parse_notJson_isMalformed() {
        assertInvalid(() -> parse("{input: hi}"), "malformed_json", "not valid JSON");
    }
}
