package dev.inferyx.core.tensor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact, exact binary form of a list of tensors, for stores that keep bytes (Redis job records, the shared
 * result cache) and for digests (cache keys, idempotency fingerprints): equal lists encode to equal bytes.
 * Big-endian; a version byte leads so the format can change without misreading old records.
 */
public final class TensorCodec {

    private static final int VERSION = 1;

    private TensorCodec() {
    }

    public static byte[] encode(List<Tensor> tensors) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(tensors.size());
            for (Tensor tensor : tensors) {
                writeString(out, tensor.name());
                out.writeByte(tensor.datatype().ordinal());
                out.writeInt(tensor.shape().size());
                for (long dim : tensor.shape()) {
                    out.writeLong(dim);
                }
                writeValues(out, tensor.values());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    /** The tensors {@link #encode} wrote; {@link IllegalArgumentException} if the bytes are not such a record. */
    public static List<Tensor> decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown tensor record version " + version);
            }
            int count = in.readInt();
            List<Tensor> tensors = new ArrayList<>(count);
            for (int t = 0; t < count; t++) {
                String name = readString(in);
                DataType type = DataType.values()[in.readUnsignedByte()];
                int rank = in.readInt();
                List<Long> shape = new ArrayList<>(rank);
                for (int d = 0; d < rank; d++) {
                    shape.add(in.readLong());
                }
                tensors.add(new Tensor(name, type, shape, readValues(in, type.kind())));
            }
            return List.copyOf(tensors);
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a tensor record: " + e.getMessage(), e);
        }
    }

    private static void writeValues(DataOutputStream out, TensorValues values) throws IOException {
        out.writeInt(values.size());
        switch (values) {
            case TensorValues.Booleans b -> {
                for (int i = 0; i < b.size(); i++) {
                    out.writeBoolean(b.get(i));
                }
            }
            case TensorValues.Longs l -> {
                for (int i = 0; i < l.size(); i++) {
                    out.writeLong(l.get(i));
                }
            }
            case TensorValues.Floats f -> {
                for (int i = 0; i < f.size(); i++) {
                    out.writeFloat(f.get(i));
                }
            }
            case TensorValues.Doubles d -> {
                for (int i = 0; i < d.size(); i++) {
                    out.writeDouble(d.get(i));
                }
            }
            case TensorValues.Strings s -> {
                for (String value : s.values()) {
                    writeString(out, value);
                }
            }
        }
    }

    private static TensorValues readValues(DataInputStream in, DataType.Kind kind) throws IOException {
        int size = in.readInt();
        return switch (kind) {
            case BOOLEAN -> {
                boolean[] v = new boolean[size];
                for (int i = 0; i < size; i++) {
                    v[i] = in.readBoolean();
                }
                yield new TensorValues.Booleans(v);
            }
            case INTEGER -> {
                long[] v = new long[size];
                for (int i = 0; i < size; i++) {
                    v[i] = in.readLong();
                }
                yield new TensorValues.Longs(v);
            }
            case FLOAT -> {
                float[] v = new float[size];
                for (int i = 0; i < size; i++) {
                    v[i] = in.readFloat();
                }
                yield new TensorValues.Floats(v);
            }
            case DOUBLE -> {
                double[] v = new double[size];
                for (int i = 0; i < size; i++) {
                    v[i] = in.readDouble();
                }
                yield new TensorValues.Doubles(v);
            }
            case STRING -> {
                List<String> v = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    v.add(readString(in));
                }
                yield new TensorValues.Strings(v);
            }
        };
    }

    /** Length-prefixed UTF-8 (not {@code writeUTF}, which stops at 64 KB). */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}
