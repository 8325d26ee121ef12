package dev.inferyx.core.tensor;

import java.util.List;

/** One tensor of every datatype kind, for round-trip tests. */
public final class Tensors {

    private Tensors() {
    }

    public static List<Tensor> everyKind() {
        return List.of(
                new Tensor("flags", DataType.BOOL, List.of(2L), new TensorValues.Booleans(new boolean[] {true, false})),
                new Tensor("ids", DataType.INT64, List.of(1L, 3L), new TensorValues.Longs(new long[] {1, -2, Long.MAX_VALUE})),
                new Tensor("big", DataType.UINT64, List.of(1L), new TensorValues.Longs(new long[] {-1L})),
                new Tensor("x", DataType.FP32, List.of(2L, 2L),
                        new TensorValues.Floats(new float[] {0.1f, -3.5e-8f, Float.MAX_VALUE, Float.NaN})),
                new Tensor("y", DataType.FP64, List.of(), new TensorValues.Doubles(new double[] {Math.PI})),
                new Tensor("text", DataType.BYTES, List.of(2L), new TensorValues.Strings(List.of("héllo", ""))));
    }
}
