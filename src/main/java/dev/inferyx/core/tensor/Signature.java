package dev.inferyx.core.tensor;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The tensors a model takes and returns, as {@code GET /v2/models/{m}} reports them. Names are unique per side. */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("a signature needs at least one input and one output");
        }
        unique(inputs, "input");
        unique(outputs, "output");
    }

    /**
     * The signature of a model that reads text: one BYTES input {@code text} of any length, one string per row,
     * and the given output.
     */
    public static Signature text(TensorSpec output) {
        return new Signature(List.of(new TensorSpec("text", DataType.BYTES, List.of(TensorSpec.ANY))),
                List.of(output));
    }

    /**
     * Whether text ({@code Input.Text}, what {@code POST /infer} sends) fits this signature: a text is one row of a
     * BYTES input of shape {@code [-1]}, so the model needs such an input and no other required one. True for the
     * text models ({@link #text}), for an identity model whose inputs are all optional with one such among them,
     * and for an ONNX model with exactly one BYTES {@code [-1]} input.
     */
    public boolean takesText() {
        return textInput().isPresent();
    }

    /** The input a text becomes one row of, if text fits this signature (see {@link #takesText()}). */
    public Optional<TensorSpec> textInput() {
        List<TensorSpec> required = inputs.stream().filter(spec -> !spec.optional()).toList();
        return switch (required.size()) {
            case 0 -> inputs.stream().filter(Signature::textRow).findFirst();
            case 1 -> Optional.of(required.getFirst()).filter(Signature::textRow);
            default -> Optional.empty();
        };
    }

    private static boolean textRow(TensorSpec spec) {
        return spec.datatype() == DataType.BYTES && spec.shape().equals(List.of(TensorSpec.ANY));
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static void unique(List<TensorSpec> specs, String side) {
        Set<String> seen = new HashSet<>();
        for (TensorSpec spec : specs) {
            if (!seen.add(spec.name())) {
                throw new IllegalArgumentException("duplicate " + side + " name '" + spec.name() + "'");
            }
        }
    }
}
