package dev.inferyx.model.onnx;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A batch of token sequences padded to its longest sequence, flattened row-major as ONNX Runtime wants them:
 * {@code ids}, {@code attentionMask} and {@code typeIds} each hold {@code rows * columns} values, and a padded
 * position has id 0, mask 0 and type 0.
 */
record TokenBatch(int rows, int columns, long[] ids, long[] attentionMask, long[] typeIds) {

    /** One tokenized input: ids, attention mask and token type ids of equal length. */
    record Sequence(long[] ids, long[] attentionMask, long[] typeIds) {
        Sequence {
            if (ids.length != attentionMask.length || ids.length != typeIds.length) {
                throw new IllegalArgumentException("ids, attention mask and type ids differ in length: "
                        + ids.length + ", " + attentionMask.length + ", " + typeIds.length);
            }
        }
    }

    /** Pads every sequence with zeros (mask 0) to the longest one. At least one column, even for no tokens. */
    static TokenBatch padded(List<Sequence> sequences) {
        int columns = 1;
        for (Sequence s : sequences) {
            columns = Math.max(columns, s.ids().length);
        }
        int rows = sequences.size();
        var ids = new long[rows * columns];
        var mask = new long[rows * columns];
        var types = new long[rows * columns];
        for (int r = 0; r < rows; r++) {
            Sequence s = sequences.get(r);
            System.arraycopy(s.ids(), 0, ids, r * columns, s.ids().length);
            System.arraycopy(s.attentionMask(), 0, mask, r * columns, s.ids().length);
            System.arraycopy(s.typeIds(), 0, types, r * columns, s.ids().length);
        }
        return new TokenBatch(rows, columns, ids, mask, types);
    }

    /**
     * Splits sequences into chunks of at most {@code maxChunk} that each hold sequences of similar length, so that
     * padding each chunk to its own longest wastes little: the indices are sorted by sequence length (ties keep
     * input order) and cut into {@code ceil(n / maxChunk)} consecutive chunks whose sizes differ by at most one
     * (10 sequences at most 8 a chunk make 5 + 5, not 8 + 2, since a call has a fixed cost).
     *
     * @return indices into {@code sequences}, one array per chunk; together they hold every index once
     */
    static List<int[]> chunksByLength(List<Sequence> sequences, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk must be >= 1, was " + maxChunk);
        }
        int n = sequences.size();
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> sequences.get(i).ids().length));
        int chunks = (n + maxChunk - 1) / maxChunk;
        var result = new java.util.ArrayList<int[]>(chunks);
        int start = 0;
        for (int c = 0; c < chunks; c++) {
            int size = n / chunks + (c < n % chunks ? 1 : 0);
            int[] chunk = new int[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = order[start + i];
            }
            result.add(chunk);
            start += size;
        }
        return result;
    }

    long[] shape() {
        return new long[] {rows, columns};
    }
}
