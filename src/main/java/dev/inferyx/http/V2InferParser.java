package dev.inferyx.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.core.tensor.TensorValues;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an Open Inference Protocol infer body into a {@link V2InferRequest}, or an {@link InvalidRequestException}
 * whose message names the field or input that is wrong. Tensor {@code data} may be flat (row-major) or nested;
 * nested data must match the declared shape level by level. Only the JSON form of tensor data is accepted (the
 * binary tensor data extension is not supported). Stateless and thread-safe.
 */
final class V2InferParser {

    private static final long MAX_TIMEOUT_US = Duration.ofDays(1).toNanos() / 1000;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final Json json;
    private final int maxStringChars;

    /** @param maxStringChars longest BYTES element accepted (the server's {@code max_input_chars}) */
    V2InferParser(Json json, int maxStringChars) {
        this.json = json;
        this.maxStringChars = maxStringChars;
    }

    V2InferRequest parse(byte[] body) {
        JsonNode root = json.parse(body);
        if (!root.isObject()) {
            throw invalid("request body must be a JSON object, was " + InferRequestParser.kind(root));
        }
        Optional<String> id = Optional.ofNullable(root.get("id")).filter(n -> !n.isNull()).map(n -> {
            if (!n.isTextual()) {
                throw invalid("'id' must be a string, was " + InferRequestParser.kind(n));
            }
            return n.textValue();
        });
        JsonNode parameters = optionalObject(root, "parameters", "'parameters'");
        int priority = 0;
        Optional<Duration> timeout = Optional.empty();
        if (parameters != null) {
            priority = optionalLong(parameters, "priority", Integer.MIN_VALUE / 2, Integer.MAX_VALUE / 2)
                    .orElse(0L).intValue();
            timeout = optionalLong(parameters, "timeout", 1, MAX_TIMEOUT_US).map(Duration::ofNanos)
                    .map(d -> d.multipliedBy(1000));
        }
        return new V2InferRequest(id, inputs(root), outputs(root), priority, timeout);
    }

    /**
     * Checks that every output {@code request} names is one the model declares. Its inputs are checked against the
     * signature at admission ({@code InferenceService.submit}), as {@code POST /infer}'s are.
     */
    static void checkOutputs(V2InferRequest request, String model, Signature signature) {
        request.outputs().ifPresent(outputs -> {
            for (String name : outputs) {
                if (signature.output(name).isEmpty()) {
                    throw invalid("unknown output '" + name + "' requested from model '" + model
                            + "'; it has " + names(signature.outputs()));
                }
            }
        });
    }

    private static String names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList().toString();
    }

    private List<Tensor> inputs(JsonNode root) {
        JsonNode inputs = root.get("inputs");
        if (inputs == null || inputs.isNull()) {
            throw invalid("missing required field 'inputs'");
        }
        if (!inputs.isArray() || inputs.isEmpty()) {
            String was = inputs.isArray() ? "an empty array" : InferRequestParser.kind(inputs);
            throw invalid("'inputs' must be a non-empty array of tensors, was " + was);
        }
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor tensor = tensor(inputs.get(i), "inputs[" + i + "]");
            if (!names.add(tensor.name())) {
                throw invalid("input '" + tensor.name() + "' is given more than once");
            }
            tensors.add(tensor);
        }
        return tensors;
    }

    private static Optional<List<String>> outputs(JsonNode root) {
        JsonNode outputs = root.get("outputs");
        if (outputs == null || outputs.isNull()) {
            return Optional.empty();
        }
        if (!outputs.isArray()) {
            throw invalid("'outputs' must be an array, was " + InferRequestParser.kind(outputs));
        }
        List<String> names = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode output = outputs.get(i);
            if (!output.isObject()) {
                throw invalid("outputs[" + i + "] must be an object, was " + InferRequestParser.kind(output));
            }
            names.add(requiredString(output, "name", "outputs[" + i + "]"));
        }
        return Optional.of(names);
    }

    private Tensor tensor(JsonNode node, String where) {
        if (!node.isObject()) {
            throw invalid(where + " must be an object, was " + InferRequestParser.kind(node));
        }
        String name = requiredString(node, "name", where);
        String label = "input '" + name + "'";
        String typeName = requiredString(node, "datatype", label);
        DataType type = DataType.parse(typeName).orElseThrow(() -> invalid(label + " has unknown datatype '"
                + typeName + "'; expected one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, "
                + "FP16, FP32, FP64, BYTES"));
        List<Long> shape = shape(node, label);
        JsonNode params = optionalObject(node, "parameters", label + " 'parameters'");
        if (params != null && params.has("binary_data_size")) {
            throw invalid(label + " uses the binary tensor data extension, which this server does not support; "
                    + "send 'data' as JSON");
        }
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) {
            throw invalid(label + " has no 'data'");
        }
        List<JsonNode> elements = flatten(data, shape, label);
        try {
            return new Tensor(name, type, shape, values(type, elements, label));
        } catch (IllegalArgumentException e) {
            throw invalid(label + ": " + e.getMessage());
        }
    }

    private static List<Long> shape(JsonNode node, String label) {
        JsonNode shape = node.get("shape");
        if (shape == null || shape.isNull()) {
            throw invalid(label + " has no 'shape'");
        }
        if (!shape.isArray()) {
            throw invalid(label + " 'shape' must be an array of integers, was " + InferRequestParser.kind(shape));
        }
        List<Long> dims = new ArrayList<>(shape.size());
        for (JsonNode dim : shape) {
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.longValue() < 0) {
                throw invalid(label + " 'shape' must hold integers >= 0, was " + shape);
            }
            dims.add(dim.longValue());
        }
        try {
            if (Tensor.elementCount(dims) > Integer.MAX_VALUE) {
                throw invalid(label + " shape " + dims + " has too many elements");
            }
        } catch (ArithmeticException e) {
            throw invalid(label + " shape " + dims + " has too many elements");
        }
        return dims;
    }

    /**
     * The elements of {@code data} in row-major order. Flat data is a list of scalars (a lone scalar is one
     * element); nested data must have exactly the shape's length at every level.
     */
    private static List<JsonNode> flatten(JsonNode data, List<Long> shape, String label) {
        List<JsonNode> out = new ArrayList<>();
        if (!data.isArray()) {
            out.add(data);
            return out;
        }
        boolean nested = !data.isEmpty() && data.get(0).isArray();
        if (!nested) {
            for (JsonNode element : data) {
                if (element.isArray() || element.isObject()) {
                    throw invalid(label + " 'data' mixes nested arrays and values");
                }
                out.add(element);
            }
            return out;
        }
        collect(data, shape, 0, label, out);
        return out;
    }

    private static void collect(JsonNode node, List<Long> shape, int depth, String label, List<JsonNode> out) {
        if (depth == shape.size()) {
            if (node.isArray() || node.isObject()) {
                throw invalid(label + " nested 'data' is deeper than its shape " + shape);
            }
            out.add(node);
            return;
        }
        if (!node.isArray() || node.size() != shape.get(depth)) {
            throw invalid(label + " nested 'data' does not match its shape " + shape + ": level " + depth
                    + " has " + (node.isArray() ? node.size() + " elements" : "a value") + ", expected "
                    + shape.get(depth) + " elements");
        }
        for (JsonNode child : node) {
            collect(child, shape, depth + 1, label, out);
        }
    }

    private TensorValues values(DataType type, List<JsonNode> elements, String label) {
        int n = elements.size();
        return switch (type.kind()) {
            case BOOLEAN -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    JsonNode e = elements.get(i);
                    if (!e.isBoolean()) {
                        throw element(label, type, i, e, "a boolean");
                    }
                    v[i] = e.booleanValue();
                }
                yield new TensorValues.Booleans(v);
            }
            case INTEGER -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = integer(type, elements.get(i), label, i);
                }
                yield new TensorValues.Longs(v);
            }
            case FLOAT -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    JsonNode e = elements.get(i);
                    if (!e.isNumber()) {
                        throw element(label, type, i, e, "a number");
                    }
                    // FP32: whatever rounds to a finite float fits (Float.MAX_VALUE prints as 3.4028235E38, which
                    // as a double is a little above it); FP16: the datatype's own range.
                    boolean fits = type == DataType.FP32 ? Float.isFinite(e.floatValue()) : type.holds(e.doubleValue());
                    if (!fits) {
                        throw invalid(label + " element " + i + " (" + e.asText() + ") is outside the range of "
                                + type);
                    }
                    v[i] = e.floatValue();
                }
                yield new TensorValues.Floats(v);
            }
            case DOUBLE -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    JsonNode e = elements.get(i);
                    if (!e.isNumber()) {
                        throw element(label, type, i, e, "a number");
                    }
                    v[i] = e.doubleValue();
                }
                yield new TensorValues.Doubles(v);
            }
            case STRING -> {
                List<String> v = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    JsonNode e = elements.get(i);
                    if (!e.isTextual()) {
                        throw element(label, type, i, e, "a string");
                    }
                    if (e.textValue().length() > maxStringChars) {
                        throw new InvalidRequestException("input_too_long", label + " element " + i + " must be at "
                                + "most " + maxStringChars + " characters, was " + e.textValue().length());
                    }
                    v.add(e.textValue());
                }
                yield new TensorValues.Strings(v);
            }
        };
    }

    /** An integer element as a long; UINT64 values above {@code Long.MAX_VALUE} keep their unsigned bits. */
    private static long integer(DataType type, JsonNode e, String label, int i) {
        if (!e.isIntegralNumber()) {
            throw element(label, type, i, e, "an integer");
        }
        if (type == DataType.UINT64) {
            BigInteger value = e.bigIntegerValue();
            if (value.signum() < 0 || value.compareTo(UINT64_MAX) > 0) {
                throw outOfRange(label, type, i, e);
            }
            return value.longValue();
        }
        if (!e.canConvertToLong() || !type.holds(e.longValue())) {
            throw outOfRange(label, type, i, e);
        }
        return e.longValue();
    }

    private static InvalidRequestException outOfRange(String label, DataType type, int i, JsonNode e) {
        return invalid(label + " element " + i + " (" + e.asText() + ") is outside [" + type.minText() + ", "
                + type.maxText() + "] of " + type);
    }

    private static InvalidRequestException element(String label, DataType type, int i, JsonNode e, String expected) {
        return invalid(label + " element " + i + " must be " + expected + " for datatype " + type + ", was "
                + InferRequestParser.kind(e));
    }

    private static String requiredString(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid(where + " has no '" + field + "'");
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw invalid(where + " '" + field + "' must be a non-empty string, was " + InferRequestParser.kind(value));
        }
        return value.textValue();
    }

    private static JsonNode optionalObject(JsonNode node, String field, String label) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(label + " must be an object, was " + InferRequestParser.kind(value));
        }
        return value;
    }

    private static Optional<Long> optionalLong(JsonNode node, String field, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
                || value.longValue() > max) {
            throw invalid("parameter '" + field + "' must be an integer in [" + min + ", " + max + "], was "
                    + value);
        }
        return Optional.of(value.longValue());
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("invalid_request", message);
    }
}
