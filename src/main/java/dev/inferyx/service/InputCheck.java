package dev.inferyx.service;

import dev.inferyx.core.Input;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether an input can fit a model's {@link Signature}, checked at admission for {@code POST /infer} and V2 infer
 * alike, so a client's mistake is a 400 instead of a job the model fails later. It needs the signature: a process
 * that loads the model has it, a gateway once a worker running the model has published it; until then a gateway
 * admits unchecked and the worker's model refuses what it cannot take. Stateless.
 */
final class InputCheck {

    private InputCheck() {
    }

    /**
     * {@code input} as the model will see it, or {@link InvalidRequestException}: {@code tensors_required} for
     * text sent to a model that does not take text ({@link Signature#takesText()}); {@code invalid_request} naming
     * the tensor for an unknown or missing input, or a datatype, rank or fixed dimension that differs. A
     * {@code [n, 1]} tensor for a {@code [-1]} input comes back as {@code [n]} ({@link #rowsOfOne}).
     */
    static Input fitted(Input input, String model, Signature signature) {
        return switch (input) {
            case Input.Text text -> {
                if (!signature.takesText()) {
                    throw new InvalidRequestException("tensors_required", "model '" + model + "' takes tensors "
                            + describe(signature.inputs()) + ", not text; send them to POST /v2/models/" + model
                            + "/infer");
                }
                yield text;
            }
            case Input.Tensors tensors -> new Input.Tensors(fitted(tensors.tensors(), model, signature));
        };
    }

    private static List<Tensor> fitted(List<Tensor> inputs, String model, Signature signature) {
        Set<String> sent = new HashSet<>();
        List<Tensor> fitted = new ArrayList<>(inputs.size());
        for (Tensor sentTensor : inputs) {
            TensorSpec spec = signature.input(sentTensor.name()).orElseThrow(() -> invalid("unknown input '"
                    + sentTensor.name() + "' for model '" + model + "'; it takes " + names(signature.inputs())));
            Tensor tensor = rowsOfOne(sentTensor, spec);
            spec.mismatch(tensor).ifPresent(problem -> {
                throw invalid(problem + " (model '" + model + "')");
            });
            sent.add(tensor.name());
            fitted.add(tensor);
        }
        for (TensorSpec spec : signature.inputs()) {
            if (!spec.optional() && !sent.contains(spec.name())) {
                throw invalid("missing input '" + spec.name() + "' (" + spec.datatype() + " " + spec.shape()
                        + ") for model '" + model + "'");
            }
        }
        return fitted;
    }

    /**
     * A {@code [n, 1]} tensor for a {@code [-1]} input as {@code [n]}: the config reports such an input as
     * {@code dims: [1]} reshaped to {@code []} (Triton's way to batch scalars), so Triton clients send {@code [n, 1]}.
     */
    static Tensor rowsOfOne(Tensor tensor, TensorSpec spec) {
        List<Long> shape = tensor.shape();
        boolean scalarRows = spec.shape().equals(List.of(TensorSpec.ANY)) && shape.size() == 2 && shape.get(1) == 1;
        return scalarRows ? new Tensor(tensor.name(), tensor.datatype(), List.of(shape.get(0)), tensor.values())
                : tensor;
    }

    private static String names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList().toString();
    }

    private static String describe(List<TensorSpec> specs) {
        return specs.stream().map(s -> s.name() + " " + s.datatype() + " " + s.shape()).toList().toString();
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("invalid_request", message);
    }
}
