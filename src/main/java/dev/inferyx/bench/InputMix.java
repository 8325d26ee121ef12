package dev.inferyx.bench;

import java.util.Locale;

/**
 * Which inputs a benchmark sends, which decides how much the server's cache and request coalescing can help.
 * Proportions are per request, drawn independently (see {@link InputGenerator}).
 */
public enum InputMix {
    /** Every input is new. */
    UNIQUE(0, 0),
    /** Every input comes from a small fixed pool ({@value InputGenerator#POOL_SIZE} texts). */
    REPEATED(1.0, 0),
    /** The seed prototype's traffic: 70% repeated from the pool, 20% a pool text mutated, 10% unique. */
    SEED(0.7, 0.2);

    private final double repeated;
    private final double mutated;

    InputMix(double repeated, double mutated) {
        this.repeated = repeated;
        this.mutated = mutated;
    }

    /** Fraction of requests that repeat a pool text, in [0, 1]. */
    public double repeated() {
        return repeated;
    }

    /** Fraction of requests that send a mutated pool text, in [0, 1]. */
    public double mutated() {
        return mutated;
    }

    /** Parses {@code unique|repeated|seed}, case-insensitively. */
    public static InputMix parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("input mix must be unique, repeated or seed, was '" + text + "'", e);
        }
    }
}
