package dev.inferyx.core.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The elements of a tensor in row-major order, held in the Java type its {@link DataType.Kind} names. Every
 * variant copies its array on the way in and out, so a stored tensor can never change, and compares by content.
 */
public sealed interface TensorValues {

    /** Number of elements. */
    int size();

    /** Which datatypes these values can carry. */
    DataType.Kind kind();

    record Booleans(boolean[] values) implements TensorValues {
        public Booleans {
            values = Objects.requireNonNull(values, "values").clone();
        }

        @Override
        public boolean[] values() {
            return values.clone();
        }

        public boolean get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public DataType.Kind kind() {
            return DataType.Kind.BOOLEAN;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Booleans that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Booleans[" + values.length + "]";
        }
    }

    /** Integers of every width; UINT64 elements are the unsigned reading of the long's bits. */
    record Longs(long[] values) implements TensorValues {
        public Longs {
            values = Objects.requireNonNull(values, "values").clone();
        }

        @Override
        public long[] values() {
            return values.clone();
        }

        public long get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public DataType.Kind kind() {
            return DataType.Kind.INTEGER;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Longs that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Longs[" + values.length + "]";
        }
    }

    /** FP32 elements, and FP16 elements widened to float. */
    record Floats(float[] values) implements TensorValues {
        public Floats {
            values = Objects.requireNonNull(values, "values").clone();
        }

        @Override
        public float[] values() {
            return values.clone();
        }

        public float get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public DataType.Kind kind() {
            return DataType.Kind.FLOAT;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Floats that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Floats[" + values.length + "]";
        }
    }

    record Doubles(double[] values) implements TensorValues {
        public Doubles {
            values = Objects.requireNonNull(values, "values").clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        public double get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public DataType.Kind kind() {
            return DataType.Kind.DOUBLE;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Doubles that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Doubles[" + values.length + "]";
        }
    }

    /** BYTES elements, which the JSON form of the protocol carries as strings. */
    record Strings(List<String> values) implements TensorValues {
        public Strings {
            values = List.copyOf(values);
        }

        public String get(int index) {
            return values.get(index);
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public DataType.Kind kind() {
            return DataType.Kind.STRING;
        }
    }
}
