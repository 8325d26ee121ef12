package dev.inferyx.model.onnx;

import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of tensors along their first dimension: concatenating the tensors of several jobs into one batch, and
 * slicing a batched output back into each job's rows. Row-major storage makes both plain array copies. Pure and
 * stateless.
 */
final class TensorRows {

    private TensorRows() {
    }

    /** Every dimension but the first: what tensors must agree on to be concatenated. */
    static List<Long> inner(Tensor tensor) {
        return tensor.shape().subList(1, tensor.shape().size());
    }

    /**
     * The parts stacked along dimension 0, named {@code name}. Every part has the same datatype and the same
     * {@link #inner} shape (the caller groups them so).
     */
    static Tensor concat(String name, List<Tensor> parts) {
        Tensor first = parts.getFirst();
        long rows = 0;
        for (Tensor part : parts) {
            if (part.datatype() != first.datatype() || !inner(part).equals(inner(first))) {
                throw new IllegalArgumentException("cannot concatenate " + part.datatype() + " " + part.shape()
                        + " with " + first.datatype() + " " + first.shape());
            }
            rows += part.rows();
        }
        List<Long> shape = new ArrayList<>(first.shape());
        shape.set(0, rows);
        TensorValues values = switch (first.values()) {
            case TensorValues.Booleans ignored -> {
                boolean[] all = new boolean[total(parts)];
                int at = 0;
                for (Tensor part : parts) {
                    boolean[] v = ((TensorValues.Booleans) part.values()).values();
                    System.arraycopy(v, 0, all, at, v.length);
                    at += v.length;
                }
                yield new TensorValues.Booleans(all);
            }
            case TensorValues.Longs ignored -> {
                long[] all = new long[total(parts)];
                int at = 0;
                for (Tensor part : parts) {
                    long[] v = ((TensorValues.Longs) part.values()).values();
                    System.arraycopy(v, 0, all, at, v.length);
                    at += v.length;
                }
                yield new TensorValues.Longs(all);
            }
            case TensorValues.Floats ignored -> {
                float[] all = new float[total(parts)];
                int at = 0;
                for (Tensor part : parts) {
                    float[] v = ((TensorValues.Floats) part.values()).values();
                    System.arraycopy(v, 0, all, at, v.length);
                    at += v.length;
                }
                yield new TensorValues.Floats(all);
            }
            case TensorValues.Doubles ignored -> {
                double[] all = new double[total(parts)];
                int at = 0;
                for (Tensor part : parts) {
                    double[] v = ((TensorValues.Doubles) part.values()).values();
                    System.arraycopy(v, 0, all, at, v.length);
                    at += v.length;
                }
                yield new TensorValues.Doubles(all);
            }
            case TensorValues.Strings ignored -> {
                List<String> all = new ArrayList<>(total(parts));
                for (Tensor part : parts) {
                    all.addAll(((TensorValues.Strings) part.values()).values());
                }
                yield new TensorValues.Strings(all);
            }
        };
        return new Tensor(name, first.datatype(), shape, values);
    }

    /** Rows {@code [start, start + count)} of {@code tensor}, which has at least that many. */
    static Tensor slice(Tensor tensor, long start, long count) {
        if (start < 0 || count < 0 || start + count > tensor.rows()) {
            throw new IllegalArgumentException("rows [" + start + ", " + (start + count) + ") are outside tensor '"
                    + tensor.name() + "' of shape " + tensor.shape());
        }
        int perRow = Math.toIntExact(Tensor.elementCount(inner(tensor)));
        int from = Math.toIntExact(start * perRow);
        int to = Math.toIntExact((start + count) * perRow);
        List<Long> shape = new ArrayList<>(tensor.shape());
        shape.set(0, count);
        TensorValues values = switch (tensor.values()) {
            case TensorValues.Booleans b -> new TensorValues.Booleans(Arrays.copyOfRange(b.values(), from, to));
            case TensorValues.Longs l -> new TensorValues.Longs(Arrays.copyOfRange(l.values(), from, to));
            case TensorValues.Floats f -> new TensorValues.Floats(Arrays.copyOfRange(f.values(), from, to));
            case TensorValues.Doubles d -> new TensorValues.Doubles(Arrays.copyOfRange(d.values(), from, to));
            case TensorValues.Strings s -> new TensorValues.Strings(s.values().subList(from, to));
        };
        return new Tensor(tensor.name(), tensor.datatype(), shape, values);
    }

    private static int total(List<Tensor> parts) {
        long total = 0;
        for (Tensor part : parts) {
            total += part.size();
        }
        return Math.toIntExact(total);
    }
}
