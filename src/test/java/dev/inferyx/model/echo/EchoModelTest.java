package dev.inferyx.model.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.model.ItemResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoModelTest {

    @Test
    void infer_returnsEachInputUnchangedInOrder() {
        List<ItemResult> results = new EchoModel().infer(List.of(new Input.Text("a b"), new Input.Text(""),
                new Input.Text("Üñí")));

        assertThat(results).containsExactly(
                new ItemResult.Success(new Output.Text("a b")),
                new ItemResult.Success(new Output.Text("")),
                new ItemResult.Success(new Output.Text("Üñí")));
    }

    @Test
    void infer_emptyBatch_returnsEmptyList() {
        assertThat(new EchoModel().infer(List.of())).isEmpty();
    }

    @Test
    void describe_saysEcho() {
        assertThat(new EchoModel().describe()).startsWith("echo");
    }
}
