package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorValues;

/**
 * A tensor in the Open Inference Protocol's JSON form: {@code {"name", "datatype", "shape", "data"}} with flat,
 * row-major {@code data}; BOOL as JSON booleans, UINT64 as unsigned numbers, BYTES as strings.
 */
final class TensorJson {

    private TensorJson() {
    }

    static ObjectNode render(Json json, Tensor tensor) {
        ObjectNode node = json.object();
        node.put("name", tensor.name());
        node.put("datatype", tensor.datatype().name());
        ArrayNode shape = node.putArray("shape");
        tensor.shape().forEach(shape::add);
        ArrayNode data = node.putArray("data");
        switch (tensor.values()) {
            case TensorValues.Booleans b -> {
                for (int i = 0; i < b.size(); i++) {
                    data.add(b.get(i));
                }
            }
            case TensorValues.Longs l -> {
                for (int i = 0; i < l.size(); i++) {
                    if (tensor.datatype() == DataType.UINT64 && l.get(i) < 0) {
                        data.add(new java.math.BigInteger(Long.toUnsignedString(l.get(i))));
                    } else {
                        data.add(l.get(i));
                    }
                }
            }
            case TensorValues.Floats f -> {
                for (int i = 0; i < f.size(); i++) {
                    data.add(f.get(i));
                }
            }
            case TensorValues.Doubles d -> {
                for (int i = 0; i < d.size(); i++) {
                    data.add(d.get(i));
                }
            }
            case TensorValues.Strings s -> s.values().forEach(data::add);
        }
        return node;
    }
}
