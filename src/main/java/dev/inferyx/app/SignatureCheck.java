package dev.inferyx.app;

import dev.inferyx.config.ModelSpec;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.model.Model;
import dev.inferyx.model.ModelLoadException;
import java.util.List;
import java.util.Optional;

/**
 * Declared inputs and outputs (a repository model's {@code config.yaml}) must agree with what the ONNX file says:
 * a declaration documents the model's contract, so a file that breaks it must not be served.
 */
final class SignatureCheck {

    private SignatureCheck() {
    }

    /** {@code model} if it matches every declaration; otherwise it is closed and {@link ModelLoadException}. */
    static Model declared(String name, ModelSpec.Onnx spec, Model model) {
        Optional<String> problem = problem(spec.inputs(), model.signature(), "input")
                .or(() -> problem(spec.outputs(), model.signature(), "output"));
        if (problem.isPresent()) {
            model.close();
            throw new ModelLoadException("model " + name + ": " + problem.get() + " in " + spec.path());
        }
        return model;
    }

    private static Optional<String> problem(List<TensorSpec> declared, Signature actual, String side) {
        for (TensorSpec want : declared) {
            Optional<TensorSpec> have = side.equals("input") ? actual.input(want.name()) : actual.output(want.name());
            if (have.isEmpty()) {
                List<TensorSpec> all = side.equals("input") ? actual.inputs() : actual.outputs();
                return Optional.of(side + " '" + want.name() + "' is declared but there is no such " + side
                        + " (the file has " + all.stream().map(SignatureCheck::text).toList() + ")");
            }
            if (!have.get().equals(want)) {
                return Optional.of(side + " '" + want.name() + "' is declared " + text(want) + " but is "
                        + text(have.get()));
            }
        }
        return Optional.empty();
    }

    private static String text(TensorSpec spec) {
        return spec.name() + " " + spec.datatype() + " " + spec.shape();
    }
}
