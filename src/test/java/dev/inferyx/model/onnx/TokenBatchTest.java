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
    void chunksByLength_groupsSimilarLengthsIntoBalancedChunks_tiesInInputOrder() {
        // lengths:                          5       1     3        1     2      4        2     5        1     3
        List<TokenBatch.Sequence> seqs = List.of(seq(1, 2, 3, 4, 5), seq(1), seq(1, 2, 3), seq(1), seq(1, 2),
                seq(1, 2, 3, 4), seq(1, 2), seq(1, 2, 3, 4, 5), seq(1), seq(1, 2, 3));

        List<int[]> chunks = TokenBatch.chunksByLength(seqs, 8);

        // 10 at most 8 a chunk: two chunks of 5 (a call has a fixed cost, so not 8 + 2), shortest first.
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).containsExactly(1, 3, 8, 4, 6);
        assertThat(chunks.get(1)).containsExactly(2, 9, 5, 0, 7);
    }

    @Test
    void chunksByLength_fewerThanAChunk_isOneChunkSortedByLength() {
        List<int[]> chunks = TokenBatch.chunksByLength(List.of(seq(1, 2, 3), seq(1)), 8);

        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst()).containsExactly(1, 0);
    }

    @Test
    void chunksByLength_noSequences_noChunks() {
        assertThat(TokenBatch.chunksByLength(List.of(), 8)).isEmpty();
    }

    @Test
    void chunksByLength_maxChunkBelowOne_isRejected() {
        assertThatThrownBy(() -> TokenBatch.chunksByLength(List.of(seq(1)), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxChunk must be >= 1, was 0");
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
