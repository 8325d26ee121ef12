package dev.inferyx.core.tensor;

import java.util.Locale;
import java.util.Optional;

/**
 * The Open Inference Protocol's tensor datatypes. Each maps to one {@link TensorValues} kind that holds its
 * elements in Java: booleans, integers as {@code long} (UINT64 as the unsigned bits of a long), FP16 and FP32 as
 * {@code float}, FP64 as {@code double}, BYTES as strings.
 */
public enum DataType {
    BOOL(Kind.BOOLEAN, 0, 1, 1),
    UINT8(Kind.INTEGER, 0, 0xFFL, 1),
    UINT16(Kind.INTEGER, 0, 0xFFFFL, 2),
    UINT32(Kind.INTEGER, 0, 0xFFFF_FFFFL, 4),
    /** Range checks do not apply: every long is the bit pattern of one unsigned 64-bit value. */
    UINT64(Kind.INTEGER, Long.MIN_VALUE, Long.MAX_VALUE, 8),
    INT8(Kind.INTEGER, Byte.MIN_VALUE, Byte.MAX_VALUE, 1),
    INT16(Kind.INTEGER, Short.MIN_VALUE, Short.MAX_VALUE, 2),
    INT32(Kind.INTEGER, Integer.MIN_VALUE, Integer.MAX_VALUE, 4),
    INT64(Kind.INTEGER, Long.MIN_VALUE, Long.MAX_VALUE, 8),
    FP16(Kind.FLOAT, 0, 0, 2),
    FP32(Kind.FLOAT, 0, 0, 4),
    FP64(Kind.DOUBLE, 0, 0, 8),
    BYTES(Kind.STRING, 0, 0, 0);

    /** How elements of a datatype are held in Java. */
    public enum Kind {
        BOOLEAN, INTEGER, FLOAT, DOUBLE, STRING
    }

    /** Largest finite half-precision value. */
    static final float FP16_MAX = 65504f;

    private final Kind kind;
    private final long min;
    private final long max;
    private final int byteSize;

    DataType(Kind kind, long min, long max, int byteSize) {
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.byteSize = byteSize;
    }

    /** The datatype a V2 request names ({@code "FP32"}), case-sensitive as the protocol is. */
    public static Optional<DataType> parse(String name) {
        for (DataType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public Kind kind() {
        return kind;
    }

    /** Bytes per element in the protocol's binary form; 0 for BYTES, whose elements vary in length. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether {@code value} is an element of this integer datatype (always true for UINT64 and INT64). */
    public boolean holds(long value) {
        if (kind != Kind.INTEGER) {
            throw new IllegalStateException(this + " is not an integer datatype");
        }
        return value >= min && value <= max;
    }

    /** Smallest value of an integer datatype (0 for UINT64, whose values are unsigned). */
    public String minText() {
        return this == UINT64 ? "0" : Long.toString(min);
    }

    /** Largest value of an integer datatype, as decimal text (UINT64's does not fit a long). */
    public String maxText() {
        return this == UINT64 ? Long.toUnsignedString(-1L) : Long.toString(max);
    }

    /** Whether {@code value} is representable (finite or not) without overflowing this float datatype. */
    public boolean holds(double value) {
        return switch (this) {
            case FP16 -> Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) <= FP16_MAX;
            case FP32 -> Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) <= Float.MAX_VALUE;
            case FP64 -> true;
            default -> throw new IllegalStateException(this + " is not a floating-point datatype");
        };
    }

    /** Lower-case name, as ONNX and Triton configs sometimes write it ({@code "fp32"}). */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
