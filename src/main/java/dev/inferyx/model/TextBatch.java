package dev.inferyx.model;

import dev.inferyx.core.Input;
import dev.inferyx.core.JobError;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorValues;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch as a text model sees it: one string per row. {@code Input.Text} is one row; {@code Input.Tensors} (a
 * V2 request) is one BYTES tensor {@code text} of shape {@code [n]} (or {@code [n, 1]}, as Triton clients send a
 * {@code dims: [1]} input), n rows. Rows of every input are flattened
 * into {@link #texts()} so the model runs them in one call, and the per-row outputs are regrouped per input:
 * text in gives {@code Output.Text}/{@code Output.Embedding}, tensors in give {@code Output.Tensors}.
 */
public final class TextBatch {

    /** Where one input's rows are in {@link #texts()}, or why it has none. */
    private sealed interface Slot {
    }

    private record Rows(int start, int count, boolean tensor) implements Slot {
    }

    private record Invalid(JobError error) implements Slot {
    }

    private final List<String> texts;
    private final List<Slot> slots;

    private TextBatch(List<String> texts, List<Slot> slots) {
        this.texts = List.copyOf(texts);
        this.slots = List.copyOf(slots);
    }

    public static TextBatch of(List<Input> inputs) {
        List<String> texts = new ArrayList<>(inputs.size());
        List<Slot> slots = new ArrayList<>(inputs.size());
        for (Input input : inputs) {
            switch (input) {
                case Input.Text text -> {
                    slots.add(new Rows(texts.size(), 1, false));
                    texts.add(text.text());
                }
                case Input.Tensors tensors -> {
                    String problem = problem(tensors);
                    if (problem != null) {
                        slots.add(new Invalid(new JobError("invalid_input", problem)));
                    } else {
                        List<String> rows = ((TensorValues.Strings) tensors.tensors().getFirst().values()).values();
                        slots.add(new Rows(texts.size(), rows.size(), true));
                        texts.addAll(rows);
                    }
                }
            }
        }
        return new TextBatch(texts, slots);
    }

    /** Every row of every valid input, in order. */
    public List<String> texts() {
        return texts;
    }

    /** Per input: its rows' strings, as text or as a BYTES tensor named {@code outputName}. */
    public List<ItemResult> textResults(List<String> outputs, String outputName) {
        requireRows(outputs.size());
        return regroup((rows) -> rows.tensor()
                ? new Output.Tensors(List.of(new Tensor(outputName, DataType.BYTES, List.of((long) rows.count()),
                        new TensorValues.Strings(outputs.subList(rows.start(), rows.start() + rows.count())))))
                : new Output.Text(outputs.get(rows.start())));
    }

    /** Per input: its rows' vectors, as an embedding or as an FP32 tensor {@code [n, dims]} named {@code outputName}. */
    public List<ItemResult> vectorResults(float[][] vectors, String outputName) {
        requireRows(vectors.length);
        return regroup(rows -> {
            if (!rows.tensor()) {
                return new Output.Embedding(vectors[rows.start()]);
            }
            int dims = rows.count() == 0 ? 0 : vectors[rows.start()].length;
            float[] flat = new float[rows.count() * dims];
            for (int r = 0; r < rows.count(); r++) {
                System.arraycopy(vectors[rows.start() + r], 0, flat, r * dims, dims);
            }
            return new Output.Tensors(List.of(new Tensor(outputName, DataType.FP32,
                    List.of((long) rows.count(), (long) dims), new TensorValues.Floats(flat))));
        });
    }

    private interface RowsToOutput {
        Output apply(Rows rows);
    }

    private List<ItemResult> regroup(RowsToOutput output) {
        List<ItemResult> results = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            results.add(switch (slot) {
                case Rows rows -> new ItemResult.Success(output.apply(rows));
                case Invalid invalid -> new ItemResult.Failure(invalid.error());
            });
        }
        return results;
    }

    private void requireRows(int outputs) {
        if (outputs != texts.size()) {
            throw new IllegalArgumentException("expected one output per row (" + texts.size() + "), got " + outputs);
        }
    }

    private static String problem(Input.Tensors input) {
        if (input.tensors().size() != 1) {
            return "a text model takes one input tensor 'text', got " + input.tensors().size();
        }
        Tensor tensor = input.tensors().getFirst();
        boolean rows = tensor.shape().size() == 1 || (tensor.shape().size() == 2 && tensor.shape().get(1) == 1);
        if (tensor.datatype() != DataType.BYTES || !rows) {
            return "a text model takes a BYTES tensor of shape [n] (or [n, 1]), got " + tensor.datatype() + " "
                    + tensor.shape();
        }
        return null;
    }
}
