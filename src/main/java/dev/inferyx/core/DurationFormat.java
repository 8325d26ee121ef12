package dev.inferyx.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the config file and on the command line: a non-negative decimal number and a unit,
 * with no space: {@code 250us}, {@code 5ms}, {@code 0.06ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d}.
 * Bare numbers are rejected because their unit would be a guess. Stateless and thread-safe.
 */
public final class DurationFormat {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h|d)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L,
            "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);

    private DurationFormat() {
    }

    /**
     * Parses {@code text} such as {@code 250ms}.
     *
     * @throws IllegalArgumentException naming the text, when it has no unit, an unknown unit, a negative
     *                                  value, or a fraction of a nanosecond
     */
    public static Duration parse(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(trimmed);
        if (!m.matches()) {
            String hint = trimmed.matches("-?\\d+(\\.\\d+)?") ? " (a bare number has no unit)" : "";
            throw new IllegalArgumentException("expected a duration like 250ms, 10s, 2m or 1h, was \"" + text
                    + "\"" + hint);
        }
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2))));
        try {
            return Duration.ofNanos(nanos.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration must be a whole number of nanoseconds and at most "
                    + "292 years, was \"" + text + "\"", e);
        }
    }

    /**
     * Writes {@code d} as an operator would, in a form {@link #parse} reads back exactly: whole days, hours or
     * minutes when it is one ({@code 1d}, {@code 2m}), otherwise the largest of s, ms, us and ns in which it is
     * at least 1, with a decimal fraction where needed ({@code 90s}, {@code 1.5s}, {@code 500ms},
     * {@code 1.25ms}, {@code 7ns}). Zero is {@code 0s}; a negative duration (never parsed, but a record built
     * in code may hold one) gets a leading minus.
     */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        // BigDecimal, not toNanos(): a record built in code may hold more than toNanos() can (292 years).
        BigDecimal nanos = BigDecimal.valueOf(d.getSeconds()).multiply(BigDecimal.valueOf(1_000_000_000L))
                .add(BigDecimal.valueOf(d.getNano()));
        for (String unit : new String[] {"d", "h", "m"}) {
            BigDecimal[] quotient = nanos.divideAndRemainder(BigDecimal.valueOf(NANOS_PER_UNIT.get(unit)));
            if (quotient[1].signum() == 0) {
                return quotient[0].toPlainString() + unit;
            }
        }
        for (String unit : new String[] {"s", "ms", "us"}) {
            BigDecimal per = BigDecimal.valueOf(NANOS_PER_UNIT.get(unit));
            if (nanos.compareTo(per) >= 0) {
                return nanos.divide(per).stripTrailingZeros().toPlainString() + unit;
            }
        }
        return nanos.toPlainString() + "ns";
    }
}
