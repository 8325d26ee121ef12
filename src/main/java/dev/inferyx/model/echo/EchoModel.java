package dev.inferyx.model.echo;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Returns every input unchanged ({@code Input.Text} becomes an {@code Output.Text} with the same text, tensors
 * come back as output tensors with the same names) and
 * takes no time of its own, so a benchmark against it measures the pipeline's overhead: HTTP, admission,
 * queueing, batching and bookkeeping.
 *
 * <p>Its {@link #signature()} declares what an identity model over every datatype accepts, all inputs optional
 * (send any one or more): {@code text} BYTES {@code [-1]} (a text model's input, so text clients and benchmarks
 * work unchanged), and one input per datatype named after it in lower case ({@code bool}, {@code uint8} ...
 * {@code fp64}, {@code bytes}) of shape {@code [-1, -1]}. Each output has its input's name, datatype and shape.
 *
 * <p>Stateless and thread-safe.
 */
public final class EchoModel implements Model {

    @Override
    public List<ItemResult> infer(List<Input> inputs) {
        var results = new ArrayList<ItemResult>(inputs.size());
        for (Input input : inputs) {
            results.add(new ItemResult.Success(echo(input)));
        }
        return results;
    }

    private static Output echo(Input input) {
        return switch (input) {
            case Input.Text text -> new Output.Text(text.text());
            case Input.Tensors tensors -> new Output.Tensors(tensors.tensors());
        };
    }

    @Override
    public Signature signature() {
        return SIGNATURE;
    }

    private static final Signature SIGNATURE = identitySignature();

    private static Signature identitySignature() {
        var specs = new ArrayList<TensorSpec>();
        specs.add(new TensorSpec("text", DataType.BYTES, List.of(TensorSpec.ANY), true));
        for (DataType type : DataType.values()) {
            specs.add(new TensorSpec(type.lowerName(), type, List.of(TensorSpec.ANY, TensorSpec.ANY), true));
        }
        return new Signature(specs, specs.stream().map(s -> new TensorSpec(s.name(), s.datatype(), s.shape()))
                .toList());
    }

    @Override
    public String describe() {
        return "echo (returns each input unchanged)";
    }
}
