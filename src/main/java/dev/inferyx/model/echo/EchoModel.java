package dev.inferyx.model.echo;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
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
    public String describe() {
        return "echo (returns each input unchanged)";
    }
}
