package dev.inferyx.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Input;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.core.tensor.TensorValues;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admission check both {@code POST /infer} and V2 infer go through where the model's signature is known. */
class InputCheckTest {

    private static final Signature TENSORS = new Signature(
            List.of(new TensorSpec("a", DataType.FP32, List.of(TensorSpec.ANY, 3L)),
                    new TensorSpec("b", DataType.INT64, List.of(TensorSpec.ANY), true)),
            List.of(new TensorSpec("y", DataType.FP32, List.of(TensorSpec.ANY))));
    private static final Signature TEXT = Signature.text(new TensorSpec("text", DataType.BYTES,
            List.of(TensorSpec.ANY)));

    private static Input.Tensors tensors(Tensor... tensors) {
        return new Input.Tensors(List.of(tensors));
    }

    private static Tensor a(long rows, long cols) {
        return new Tensor("a", DataType.FP32, List.of(rows, cols),
                new TensorValues.Floats(new float[(int) (rows * cols)]));
    }

    @Test
    void text_toAModelThatTakesText_passesUnchanged() {
        Input text = new Input.Text("hello");

        assertThat(InputCheck.fitted(text, "sim", TEXT)).isSameAs(text);
    }

    @Test
    void text_toATensorOnlyModel_isTensorsRequired_namingItsInputsAndTheV2Route() {
        assertThatThrownBy(() -> InputCheck.fitted(new Input.Text("x"), "matmul", TENSORS))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("tensors_required"))
                .hasMessage("model 'matmul' takes tensors [a FP32 [-1, 3], b INT64 [-1]], not text; send them to "
                        + "POST /v2/models/matmul/infer");
    }

    @Test
    void tensors_optionalInputMayBeLeftOut_fixedDimensionMustMatch_requiredMustBeThere() {
        assertThat(InputCheck.fitted(tensors(a(2, 3)), "m", TENSORS)).isEqualTo(tensors(a(2, 3)));

        assertThatThrownBy(() -> InputCheck.fitted(tensors(a(2, 4)), "m", TENSORS))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("has shape [2, 4] but model expects [-1, 3]");
        Tensor b = new Tensor("b", DataType.INT64, List.of(1L), new TensorValues.Longs(new long[] {1}));
        assertThatThrownBy(() -> InputCheck.fitted(tensors(b), "m", TENSORS))
                .hasMessageContaining("missing input 'a' (FP32 [-1, 3])");
        Tensor z = new Tensor("z", DataType.INT64, List.of(1L), new TensorValues.Longs(new long[] {1}));
        assertThatThrownBy(() -> InputCheck.fitted(tensors(a(1, 3), z), "m", TENSORS))
                .hasMessageContaining("unknown input 'z' for model 'm'; it takes [a, b]");
    }

    @Test
    void tensors_ofNRowsOfOne_forAnAnyLengthInput_areFittedToNRows() {
        Tensor column = new Tensor("text", DataType.BYTES, List.of(2L, 1L),
                new TensorValues.Strings(List.of("p", "q")));

        Input fitted = InputCheck.fitted(tensors(column), "sim", TEXT);

        assertThat(((Input.Tensors) fitted).tensors().getFirst().shape()).containsExactly(2L);
    }

    @Test
    void tensors_toATextModel_mustBeItsBytesInput() {
        Tensor ints = new Tensor("text", DataType.INT32, List.of(1L), new TensorValues.Longs(new long[] {1}));

        assertThatThrownBy(() -> InputCheck.fitted(tensors(ints), "sim", TEXT))
                .hasMessageContaining("input 'text' has datatype INT32 but model expects BYTES");
    }
}
