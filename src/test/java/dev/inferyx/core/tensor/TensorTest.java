package dev.inferyx.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void elementCount_mustEqualProductOfShape() {
        assertThatThrownBy(() -> new Tensor("x", DataType.FP32, List.of(2L, 2L), new TensorValues.Floats(new float[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shape [2, 2] (4 elements) but 3 values");
    }

    @Test
    void emptyShape_isAScalarWithOneElement() {
        var scalar = new Tensor("s", DataType.INT32, List.of(), new TensorValues.Longs(new long[] {7}));

        assertThat(scalar.size()).isEqualTo(1);
        assertThatThrownBy(scalar::rows).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void valuesOfTheWrongKind_areRejected() {
        assertThatThrownBy(() -> new Tensor("x", DataType.INT32, List.of(1L), new TensorValues.Floats(new float[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INT32 tensor 'x' cannot hold FLOAT values");
    }

    @Test
    void integersOutsideTheDatatypeRange_areRejected() {
        assertThatThrownBy(() -> new Tensor("x", DataType.UINT8, List.of(2L), new TensorValues.Longs(new long[] {255, 256})))
                .hasMessageContaining("element 1 (256) is outside [0, 255]");
        assertThatThrownBy(() -> new Tensor("x", DataType.INT8, List.of(1L), new TensorValues.Longs(new long[] {-129})))
                .hasMessageContaining("outside [-128, 127]");
        assertThat(new Tensor("x", DataType.UINT64, List.of(1L), new TensorValues.Longs(new long[] {-1})).size())
                .isEqualTo(1);
    }

    @Test
    void fp16_rejectsFiniteValuesBeyondItsRange() {
        assertThatThrownBy(() -> new Tensor("h", DataType.FP16, List.of(1L), new TensorValues.Floats(new float[] {70000f})))
                .hasMessageContaining("outside +-65504");
        assertThat(new Tensor("h", DataType.FP16, List.of(1L), new TensorValues.Floats(new float[] {65504f})).size())
                .isEqualTo(1);
    }

    @Test
    void negativeDimensions_areRejected() {
        assertThatThrownBy(() -> new Tensor("x", DataType.FP32, List.of(-1L), new TensorValues.Floats(new float[0])))
                .hasMessageContaining("must be >= 0");
    }

    @Test
    void values_areCopiedAndCompareByContent() {
        long[] data = {1, 2};
        var a = new Tensor("x", DataType.INT64, List.of(2L), new TensorValues.Longs(data));
        data[0] = 99;
        var values = (TensorValues.Longs) a.values();
        values.values()[1] = 99;

        assertThat(values.values()).containsExactly(1, 2);
        assertThat(a).isEqualTo(new Tensor("x", DataType.INT64, List.of(2L), new TensorValues.Longs(new long[] {1, 2})))
                .hasSameHashCodeAs(new Tensor("x", DataType.INT64, List.of(2L), new TensorValues.Longs(new long[] {1, 2})));
    }

    @Test
    void dataTypeParse_isCaseSensitiveLikeTheProtocol() {
        assertThat(DataType.parse("FP32")).contains(DataType.FP32);
        assertThat(DataType.parse("fp32")).isEmpty();
        assertThat(DataType.parse("FLOAT")).isEmpty();
    }
}
