package dev.inferyx.model.onnx;

import java.nio.FloatBuffer;

/**
 * Sentence-transformers pooling: the mean of the token vectors the attention mask keeps, scaled to unit length.
 * Stateless.
 */
final class MeanPooling {

    private MeanPooling() {
    }

    /**
     * @param hidden the model's last hidden state, {@code rows x columns x dimensions} row-major
     * @return one unit-length vector of {@code dimensions} floats per row (all zeros if a row has no tokens)
     */
    static float[][] poolAndNormalise(FloatBuffer hidden, TokenBatch batch, int dimensions) {
        int rows = batch.rows();
        int columns = batch.columns();
        var result = new float[rows][];
        var sum = new double[dimensions];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(sum, 0);
            long kept = 0;
            for (int c = 0; c < columns; c++) {
                if (batch.attentionMask()[r * columns + c] == 0) {
                    continue;
                }
                kept++;
                int base = (r * columns + c) * dimensions;
                for (int d = 0; d < dimensions; d++) {
                    sum[d] += hidden.get(base + d);
                }
            }
            result[r] = normalised(sum, Math.max(kept, 1));
        }
        return result;
    }

    private static float[] normalised(double[] sum, long count) {
        double squares = 0;
        for (double v : sum) {
            double mean = v / count;
            squares += mean * mean;
        }
        // Same floor as torch.nn.functional.normalize (eps 1e-12), so an all-zero vector stays zero.
        double norm = Math.max(Math.sqrt(squares), 1e-12);
        var out = new float[sum.length];
        for (int d = 0; d < sum.length; d++) {
            out[d] = (float) (sum[d] / count / norm);
        }
        return out;
    }
}
