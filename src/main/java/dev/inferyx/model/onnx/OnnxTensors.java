package dev.inferyx.model.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorValues;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Converts between Inferyx {@link Tensor}s and ONNX Runtime's {@link OnnxTensor}s, for every datatype ONNX
 * Runtime's Java API can hold: BOOL, UINT8, INT8, INT16, INT32, INT64, FP16, FP32, FP64 and BYTES (ONNX
 * {@code string}). It has no UINT16, UINT32 or UINT64 tensors (nor BFLOAT16, complex or 8-bit floats, which the
 * Open Inference Protocol does not name), so a model using them cannot be loaded, and a request sending them is
 * refused per job. FP16 travels as float in Inferyx and is rounded to half precision on the way in.
 */
final class OnnxTensors {

    /** The datatypes a model may use, in the order error messages list them. */
    static final List<DataType> SUPPORTED = List.of(DataType.BOOL, DataType.UINT8, DataType.INT8, DataType.INT16,
            DataType.INT32, DataType.INT64, DataType.FP16, DataType.FP32, DataType.FP64, DataType.BYTES);

    private OnnxTensors() {
    }

    /** The Inferyx datatype of an ONNX element type, or empty when ONNX Runtime's Java API cannot carry it. */
    static Optional<DataType> dataType(TensorInfo.OnnxTensorType onnxType) {
        return Optional.ofNullable(switch (onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FP16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.BYTES;
            default -> null;
        });
    }

    /** A short ONNX name for messages ({@code UINT16}, {@code BFLOAT16}). */
    static String onnxName(TensorInfo.OnnxTensorType onnxType) {
        return onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
    }

    /** A new native tensor holding {@code tensor}'s elements; the caller closes it. */
    static OnnxTensor toOnnx(OrtEnvironment env, Tensor tensor) throws OrtException {
        long[] shape = tensor.shape().stream().mapToLong(Long::longValue).toArray();
        TensorValues values = tensor.values();
        return switch (tensor.datatype()) {
            case BOOL -> {
                boolean[] v = ((TensorValues.Booleans) values).values();
                ByteBuffer b = direct(v.length);
                for (boolean x : v) {
                    b.put((byte) (x ? 1 : 0));
                }
                yield OnnxTensor.createTensor(env, b.rewind(), shape, OnnxJavaType.BOOL);
            }
            case UINT8, INT8 -> {
                long[] v = ((TensorValues.Longs) values).values();
                ByteBuffer b = direct(v.length);
                for (long x : v) {
                    b.put((byte) x);
                }
                yield OnnxTensor.createTensor(env, b.rewind(), shape,
                        tensor.datatype() == DataType.UINT8 ? OnnxJavaType.UINT8 : OnnxJavaType.INT8);
            }
            case INT16 -> {
                long[] v = ((TensorValues.Longs) values).values();
                short[] s = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    s[i] = (short) v[i];
                }
                yield OnnxTensor.createTensor(env, ShortBuffer.wrap(s), shape, OnnxJavaType.INT16);
            }
            case INT32 -> {
                long[] v = ((TensorValues.Longs) values).values();
                int[] s = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    s[i] = (int) v[i];
                }
                yield OnnxTensor.createTensor(env, IntBuffer.wrap(s), shape);
            }
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(((TensorValues.Longs) values).values()),
                    shape);
            case FP16 -> {
                float[] v = ((TensorValues.Floats) values).values();
                short[] s = new short[v.length];
                for (int i = 0; i < v.length; i++) {
                    s[i] = Fp16Conversions.floatToFp16(v[i]);
                }
                yield OnnxTensor.createTensor(env, ShortBuffer.wrap(s), shape, OnnxJavaType.FLOAT16);
            }
            case FP32 -> OnnxTensor.createTensor(env, FloatBuffer.wrap(((TensorValues.Floats) values).values()),
                    shape);
            case FP64 -> OnnxTensor.createTensor(env,
                    DoubleBuffer.wrap(((TensorValues.Doubles) values).values()), shape);
            case BYTES -> OnnxTensor.createTensor(env,
                    ((TensorValues.Strings) values).values().toArray(String[]::new), shape);
            case UINT16, UINT32, UINT64 -> throw new IllegalArgumentException(unsupported(tensor.datatype()));
        };
    }

    static String unsupported(DataType type) {
        return "ONNX Runtime's Java API has no " + type + " tensors (supported: " + SUPPORTED.stream()
                .map(DataType::name).reduce((a, b) -> a + ", " + b).orElse("") + ")";
    }

    /** The elements of a native output tensor as an Inferyx tensor named {@code name}. */
    static Tensor fromOnnx(String name, DataType type, OnnxTensor tensor) throws OrtException {
        List<Long> shape = Arrays.stream(tensor.getInfo().getShape()).boxed().toList();
        TensorValues values = switch (type) {
            case BOOL -> {
                ByteBuffer b = tensor.getByteBuffer();
                boolean[] v = new boolean[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get(i) != 0;
                }
                yield new TensorValues.Booleans(v);
            }
            case UINT8, INT8 -> {
                ByteBuffer b = tensor.getByteBuffer();
                long[] v = new long[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = type == DataType.UINT8 ? Byte.toUnsignedLong(b.get(i)) : b.get(i);
                }
                yield new TensorValues.Longs(v);
            }
            case INT16 -> {
                ShortBuffer b = tensor.getShortBuffer();
                long[] v = new long[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get(i);
                }
                yield new TensorValues.Longs(v);
            }
            case INT32 -> {
                IntBuffer b = tensor.getIntBuffer();
                long[] v = new long[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get(i);
                }
                yield new TensorValues.Longs(v);
            }
            case INT64 -> {
                LongBuffer b = tensor.getLongBuffer();
                long[] v = new long[b.remaining()];
                b.get(v);
                yield new TensorValues.Longs(v);
            }
            case FP16 -> {
                ShortBuffer b = tensor.getShortBuffer();
                float[] v = new float[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Fp16Conversions.fp16ToFloat(b.get(i));
                }
                yield new TensorValues.Floats(v);
            }
            case FP32 -> {
                FloatBuffer b = tensor.getFloatBuffer();
                float[] v = new float[b.remaining()];
                b.get(v);
                yield new TensorValues.Floats(v);
            }
            case FP64 -> {
                DoubleBuffer b = tensor.getDoubleBuffer();
                double[] v = new double[b.remaining()];
                b.get(v);
                yield new TensorValues.Doubles(v);
            }
            case BYTES -> {
                List<String> v = new ArrayList<>();
                flatten(tensor.getValue(), v);
                yield new TensorValues.Strings(v);
            }
            case UINT16, UINT32, UINT64 -> throw new IllegalArgumentException(unsupported(type));
        };
        return new Tensor(name, type, shape, values);
    }

    /** ONNX Runtime returns string tensors as nested Java arrays (or one String for a scalar): row-major. */
    private static void flatten(Object value, List<String> into) {
        if (value instanceof String s) {
            into.add(s);
        } else if (value instanceof Object[] array) {
            for (Object element : array) {
                flatten(element, into);
            }
        } else {
            throw new IllegalStateException("unexpected string tensor element " + value);
        }
    }

    private static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
}
