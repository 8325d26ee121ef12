package dev.inferyx.core;

import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorValues;
import java.util.List;
import java.util.Objects;

/** What a client asked a model to work on. Sealed so every backend and model handles every kind. */
public sealed interface Input {

    /** Number of characters (or elements) used to enforce input size limits. */
    int size();

    /** Free text, as sent to {@code POST /infer}. */
    record Text(String text) implements Input {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public int size() {
            return text.length();
        }
    }

    /**
     * Named tensors, as sent to the Open Inference Protocol's {@code POST /v2/models/{m}/infer}. Size is the total
     * element count, plus the characters of BYTES elements, so a limit on input size covers both kinds.
     */
    record Tensors(List<Tensor> tensors) implements Input {
        public Tensors {
            tensors = List.copyOf(tensors);
            if (tensors.isEmpty()) {
                throw new IllegalArgumentException("at least one input tensor is required");
            }
        }

        @Override
        public int size() {
            long size = 0;
            for (Tensor tensor : tensors) {
                size += tensor.size();
                if (tensor.values() instanceof TensorValues.Strings strings) {
                    for (String s : strings.values()) {
                        size += s.length();
                    }
                }
            }
            return (int) Math.min(Integer.MAX_VALUE, size);
        }
    }
}
