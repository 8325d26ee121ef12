package dev.inferyx.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorSpecTest {

    private final TensorSpec spec = new TensorSpec("x", DataType.FP32, List.of(TensorSpec.ANY, 3L));

    private static Tensor floats(long... shape) {
        List<Long> dims = java.util.Arrays.stream(shape).boxed().toList();
        return new Tensor("x", DataType.FP32, dims, new TensorValues.Floats(new float[(int) Tensor.elementCount(dims)]));
    }

    @Test
    void anyDimension_acceptsEverySize() {
        assertThat(spec.mismatch(floats(1, 3))).isEmpty();
        assertThat(spec.mismatch(floats(64, 3))).isEmpty();
    }

    @Test
    void fixedDimension_mustMatch() {
        assertThat(spec.mismatch(floats(2, 4))).contains("input 'x' has shape [2, 4] but model expects [-1, 3]");
    }

    @Test
    void rank_mustMatch() {
        assertThat(spec.mismatch(floats(6))).contains("input 'x' has shape [6] but model expects [-1, 3]");
    }

    @Test
    void datatype_mustMatch() {
        var ints = new Tensor("x", DataType.INT32, List.of(1L, 3L), new TensorValues.Longs(new long[3]));

        assertThat(spec.mismatch(ints)).contains("input 'x' has datatype INT32 but model expects FP32");
    }

    @Test
    void signature_rejectsDuplicateNames() {
        assertThatThrownBy(() -> new Signature(List.of(spec, spec), List.of(spec)))
                .hasMessageContaining("duplicate input name 'x'");
    }

    @Test
    void textSignature_takesOneBytesRowPerString() {
        Signature text = Signature.text(spec);

        assertThat(text.input("text")).contains(new TensorSpec("text", DataType.BYTES, List.of(TensorSpec.ANY)));
        assertThat(text.output("x")).contains(spec);
        assertThat(text.output("y")).isEmpty();
    }
}
