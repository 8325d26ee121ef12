package dev.inferyx.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeanPoolingTest {

    @Test
    void poolAndNormalise_averagesOnlyMaskedInTokens_thenScalesToUnitLength() {
        // Two rows of two tokens, two dimensions; row 1's second token is padding and must be ignored.
        TokenBatch batch = new TokenBatch(2, 2, new long[4], new long[] {1, 1, 1, 0}, new long[4]);
        FloatBuffer hidden = FloatBuffer.wrap(new float[] {
            3, 0, /**/ 3, 8,     // row 0: mean (3, 4) -> (0.6, 0.8)
            0, 2, /**/ 100, 100  // row 1: mean (0, 2) -> (0, 1); the padded token would change it
        });

        float[][] vectors = MeanPooling.poolAndNormalise(hidden, batch, 2);

        assertThat(vectors[0][0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(vectors[0][1]).isCloseTo(0.8f, within(1e-6f));
        assertThat(vectors[1]).containsExactly(0f, 1f);
    }

    @Test
    void poolAndNormalise_rowWithoutTokens_isAllZerosNotNaN() {
        TokenBatch batch = TokenBatch.padded(List.of(new TokenBatch.Sequence(new long[0], new long[0], new long[0])));

        float[][] vectors = MeanPooling.poolAndNormalise(FloatBuffer.wrap(new float[] {5, 5}), batch, 2);

        assertThat(vectors[0]).containsExactly(0f, 0f);
    }
}
