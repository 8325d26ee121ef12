package dev.inferyx.core;

import dev.inferyx.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** What a model produced for one input. Sealed so the HTTP layer renders every kind. */
public sealed interface Output {

    /** Text, such as the {@code sim} and {@code echo} models return. */
    record Text(String text) implements Output {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A dense vector, such as a sentence embedding from the {@code minilm} model. Immutable: the constructor
     * and {@link #values()} copy the array, so neither the producer nor a reader can change a stored result.
     * Equality is over the contents ({@link Arrays#equals(float[], float[])}).
     */
    record Embedding(float[] values) implements Output {
        public Embedding {
            Objects.requireNonNull(values, "values");
            values = values.clone();
        }

        /** A copy of the vector. */
        @Override
        public float[] values() {
            return values.clone();
        }

        /** Number of dimensions (384 for {@code minilm}). */
        public int dimensions() {
            return values.length;
        }

        /** The value at {@code index}, without copying the vector. */
        public float value(int index) {
            return values[index];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Embedding that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Embedding[" + values.length + " dims" + (values.length == 0 ? "" : ", " + values[0] + ", ...")
                    + "]";
        }
    }

    /** Named tensors, such as an ONNX model's outputs or a V2 answer from a text model. */
    record Tensors(List<Tensor> tensors) implements Output {
        public Tensors {
            tensors = List.copyOf(tensors);
        }
    }
}
