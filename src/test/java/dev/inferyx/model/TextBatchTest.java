package dev.inferyx.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorValues;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextBatchTest {

    private static Input.Tensors strings(String... rows) {
        return new Input.Tensors(List.of(new Tensor("text", DataType.BYTES, List.of((long) rows.length),
                new TensorValues.Strings(List.of(rows)))));
    }

    @Test
    void textAndTensorInputs_flattenIntoOneRowPerString() {
        TextBatch batch = TextBatch.of(List.of(new Input.Text("a"), strings("b", "c"), new Input.Text("d")));

        assertThat(batch.texts()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aBytesTensorOfShapeNBy1_isNRows_asTritonClientsSendScalarRows() {
        var column = new Input.Tensors(List.of(new Tensor("text", DataType.BYTES, List.of(2L, 1L),
                new TensorValues.Strings(List.of("a", "b")))));

        assertThat(TextBatch.of(List.of(column)).texts()).containsExactly("a", "b");
    }

    @Test
    void textResults_regroupRowsPerInput() {
        TextBatch batch = TextBatch.of(List.of(new Input.Text("a"), strings("b", "c")));

        List<ItemResult> results = batch.textResults(List.of("A", "B", "C"), "out");

        assertThat(results).containsExactly(
                new ItemResult.Success(new Output.Text("A")),
                new ItemResult.Success(new Output.Tensors(List.of(new Tensor("out", DataType.BYTES, List.of(2L),
                        new TensorValues.Strings(List.of("B", "C")))))));
    }

    @Test
    void vectorResults_giveEmbeddingsForTextAndAnFp32MatrixForTensors() {
        TextBatch batch = TextBatch.of(List.of(strings("a", "b"), new Input.Text("c")));

        List<ItemResult> results = batch.vectorResults(new float[][] {{1, 2}, {3, 4}, {5, 6}}, "embedding");

        assertThat(results).containsExactly(
                new ItemResult.Success(new Output.Tensors(List.of(new Tensor("embedding", DataType.FP32,
                        List.of(2L, 2L), new TensorValues.Floats(new float[] {1, 2, 3, 4}))))),
                new ItemResult.Success(new Output.Embedding(new float[] {5, 6})));
    }

    @Test
    void tensorInputThatIsNotOneBytesVector_failsAloneWithoutRows() {
        var ints = new Input.Tensors(List.of(new Tensor("text", DataType.INT32, List.of(1L),
                new TensorValues.Longs(new long[] {1}))));
        TextBatch batch = TextBatch.of(List.of(ints, new Input.Text("ok")));

        List<ItemResult> results = batch.textResults(List.of("OK"), "text");

        assertThat(batch.texts()).containsExactly("ok");
        assertThat(results.get(0)).isInstanceOfSatisfying(ItemResult.Failure.class,
                f -> assertThat(f.error().message()).contains("BYTES tensor of shape [n] (or [n, 1]), got INT32 [1]"));
        assertThat(results.get(1)).isEqualTo(new ItemResult.Success(new Output.Text("OK")));
    }
}
