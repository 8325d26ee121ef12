package dev.inferyx.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBatchTest {

    private static TokenBatch.Sequence seq(long... ids) {
        long[] ones = new long[ids.length];
        java.util.Arrays.fill(ones, 1);
        return new TokenBatch.Sequence(ids, ones, new long[ids.length]);
    }

    @Test
    void padded_padsEveryRowToTheLongestWithZeroIdsAndMask() {
        TokenBatch batch = TokenBatch.padded(List.of(seq(101, 7, 102), seq(101, 102)));

        assertThat(batch.rows()).isEqualTo(2);
        assertThat(batch.columns()).isEqualTo(3);
        assertThat(batch.ids()).containsExactly(101, 7, 102, 101, 102, 0);
        assertThat(batch.attentionMask()).containsExactly(1, 1, 1, 1, 1, 0);
        assertThat(batch.typeIds()).containsOnly(0);
        assertThat(batch.shape()).containsExactly(2, 3);
    }

    @Test
    void padded_noTokensAtAll_keepsOneColumnSoTheShapeIsValid() {
        TokenBatch batch = TokenBatch.padded(List.of(seq()));

        assertThat(batch.columns()).isEqualTo(1);
        assertThat(batch.attentionMask()).containsExactly(0);
    }

    @Test
    void sequence_ofUnequalLengths_isRejected() {
        assertThatThrownBy(() -> new TokenBatch.Sequence(new long[2], new long[1], new long[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2, 1, 2");
    }
}
