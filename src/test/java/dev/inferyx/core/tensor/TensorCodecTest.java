package dev.inferyx.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

    @Test
    void everyDatatypeKind_roundTripsExactly() {
        List<Tensor> tensors = Tensors.everyKind();

        assertThat(TensorCodec.decode(TensorCodec.encode(tensors))).isEqualTo(tensors);
    }

    @Test
    void equalTensors_encodeToEqualBytes() {
        assertThat(TensorCodec.encode(Tensors.everyKind())).isEqualTo(TensorCodec.encode(Tensors.everyKind()));
    }

    @Test
    void bytesThatAreNotARecord_areRejected() {
        assertThatThrownBy(() -> TensorCodec.decode(new byte[] {9, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> TensorCodec.decode(new byte[] {1, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
