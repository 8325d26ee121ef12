package dev.inferyx.core.tensor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model declares about one input or output: name, datatype and shape, where {@code -1} marks a dimension
 * of any size (the batch dimension of a batching model, a sequence length). An {@code optional} input may be left
 * out of a request (Triton's {@code optional: true}); outputs ignore the flag.
 */
public record TensorSpec(String name, DataType datatype, List<Long> shape, boolean optional) {

    /** The shape value of a dimension of any size. */
    public static final long ANY = -1;

    /** A required tensor. */
    public TensorSpec(String name, DataType datatype, List<Long> shape) {
        this(name, datatype, shape, false);
    }

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datatype, "datatype");
        shape = List.copyOf(shape);
        for (long dim : shape) {
            if (dim < ANY) {
                throw new IllegalArgumentException("dimensions must be >= 0 or -1 (any), was " + shape);
            }
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("tensor name must not be blank");
        }
    }

    /** This spec, marked as an input a request may leave out. */
    public TensorSpec asOptional() {
        return new TensorSpec(name, datatype, shape, true);
    }

    /** Why {@code tensor} does not fit this spec, or empty when it does. The name is not compared. */
    public Optional<String> mismatch(Tensor tensor) {
        if (tensor.datatype() != datatype) {
            return Optional.of("input '" + tensor.name() + "' has datatype " + tensor.datatype() + " but model expects "
                    + datatype);
        }
        List<Long> actual = tensor.shape();
        if (actual.size() != shape.size()) {
            return Optional.of("input '" + tensor.name() + "' has shape " + actual + " but model expects " + shape);
        }
        for (int i = 0; i < shape.size(); i++) {
            if (shape.get(i) != ANY && !shape.get(i).equals(actual.get(i))) {
                return Optional.of("input '" + tensor.name() + "' has shape " + actual + " but model expects " + shape);
            }
        }
        return Optional.empty();
    }
}
