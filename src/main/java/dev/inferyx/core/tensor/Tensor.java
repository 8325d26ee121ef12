package dev.inferyx.core.tensor;

import java.util.List;
import java.util.Objects;

/**
 * One named tensor: datatype, shape and row-major elements. The constructor enforces what the protocol requires
 * of every tensor, so an instance is always consistent: the values' kind fits the datatype, the element count
 * equals the product of the shape, and integer and FP16 elements are in their datatype's range.
 */
public record Tensor(String name, DataType datatype, List<Long> shape, TensorValues values) {

    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datatype, "datatype");
        Objects.requireNonNull(values, "values");
        shape = List.copyOf(shape);
        if (values.kind() != datatype.kind()) {
            throw new IllegalArgumentException(datatype + " tensor '" + name + "' cannot hold " + values.kind()
                    + " values");
        }
        long expected = elementCount(shape);
        if (expected != values.size()) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + shape + " (" + expected
                    + " elements) but " + values.size() + " values");
        }
        checkRange(name, datatype, values);
    }

    /** Product of {@code shape}; an empty shape is a scalar with one element. */
    public static long elementCount(List<Long> shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("shape dimensions must be >= 0, was " + shape);
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** Number of elements. */
    public int size() {
        return values.size();
    }

    /** The first dimension: how many rows a batching model sees in this tensor. */
    public long rows() {
        if (shape.isEmpty()) {
            throw new IllegalStateException("tensor '" + name + "' is a scalar and has no rows");
        }
        return shape.getFirst();
    }

    /** This tensor under another name (a model's output renamed, an identity model's input returned). */
    public Tensor named(String newName) {
        return new Tensor(newName, datatype, shape, values);
    }

    private static void checkRange(String name, DataType datatype, TensorValues values) {
        switch (values) {
            case TensorValues.Longs longs -> {
                for (int i = 0; i < longs.size(); i++) {
                    if (!datatype.holds(longs.get(i))) {
                        throw new IllegalArgumentException(datatype + " tensor '" + name + "' element " + i + " ("
                                + longs.get(i) + ") is outside [" + datatype.minText() + ", " + datatype.maxText()
                                + "]");
                    }
                }
            }
            case TensorValues.Floats floats when datatype == DataType.FP16 -> {
                for (int i = 0; i < floats.size(); i++) {
                    if (!datatype.holds(floats.get(i))) {
                        throw new IllegalArgumentException("FP16 tensor '" + name + "' element " + i + " ("
                                + floats.get(i) + ") is outside +-" + DataType.FP16_MAX);
                    }
                }
            }
            default -> {
            }
        }
    }
}
