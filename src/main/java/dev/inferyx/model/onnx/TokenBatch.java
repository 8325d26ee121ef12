package dev.inferyx.model.onnx;

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

    long[] shape() {
        return new long[] {rows, columns};
    }
}
