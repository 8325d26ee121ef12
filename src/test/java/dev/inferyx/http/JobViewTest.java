package dev.inferyx.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.Tensors;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobViewTest {

    private final Json json = new Json();

    @Test
    void full_doneWithEmbedding_rendersResultAsArrayOfNumbers() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Job job = Job.accepted(JobId.random(), "minilm", new Input.Text("hi"), "anonymous", 0, now, Optional.empty())
                .processing().done(new Output.Embedding(new float[] {0.25f, -0.5f, 1e-3f}), now);

        JsonNode body = json.parse(json.bytes(JobView.full(json, job)));

        JsonNode result = body.get("result");
        assertThat(result.isArray()).isTrue();
        assertThat(result).hasSize(3);
        assertThat(result.get(0).doubleValue()).isEqualTo(0.25);
        assertThat(result.get(1).doubleValue()).isEqualTo(-0.5);
        assertThat((float) result.get(2).doubleValue()).isEqualTo(1e-3f);
    }

    @Test
    void full_doneWithTensors_rendersOutputsInTheV2Form() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Job job = Job.accepted(JobId.random(), "add", new Input.Text("hi"), "anonymous", 0, now, Optional.empty())
                .processing().done(new Output.Tensors(Tensors.everyKind()), now);

        JsonNode outputs = json.parse(json.bytes(JobView.full(json, job))).get("outputs");

        assertThat(outputs).hasSize(Tensors.everyKind().size());
        assertThat(outputs.get(0).toString())
                .isEqualTo("{\"name\":\"flags\",\"datatype\":\"BOOL\",\"shape\":[2],\"data\":[true,false]}");
        assertThat(outputs.get(2).get("data").get(0).asText()).isEqualTo("18446744073709551615");
        assertThat(outputs.get(5).get("data").get(0).asText()).isEqualTo("héllo");
    }
}
