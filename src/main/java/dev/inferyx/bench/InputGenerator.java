package dev.inferyx.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Produces request inputs following an {@link InputMix} from a seeded random source, so a run's inputs are
 * reproducible. Thread-safe: {@link #next()} is synchronized (it is cheap next to an HTTP call).
 */
public final class InputGenerator {

    /** Number of distinct texts that repeated and mutated inputs are drawn from. */
    public static final int POOL_SIZE = 32;

    /** What kind of input {@link #next()} produced; reported so tests can check the mix. */
    public enum Kind { REPEATED, MUTATED, UNIQUE }

    /** One input and how it was made. */
    public record Sample(Kind kind, String text) {}

    private static final String[] WORDS = {"the", "quick", "model", "batch", "queue", "token", "vector", "server",
        "latency", "request", "cache", "worker", "tensor", "embed", "score", "label"};

    private final InputMix mix;
    private final Random random;
    private final List<String> pool;
    private long uniqueCounter;

    public InputGenerator(InputMix mix, long seed) {
        this.mix = mix;
        this.random = new Random(seed);
        this.pool = new ArrayList<>(POOL_SIZE);
        for (int i = 0; i < POOL_SIZE; i++) {
            pool.add(sentence(8) + " #" + i);
        }
    }

    public synchronized Sample next() {
        double u = random.nextDouble();
        if (u < mix.repeated()) {
            return new Sample(Kind.REPEATED, pool.get(random.nextInt(POOL_SIZE)));
        }
        if (u < mix.repeated() + mix.mutated()) {
            // A near-duplicate: same text with one word swapped, so a cache keyed on exact input misses.
            String base = pool.get(random.nextInt(POOL_SIZE));
            return new Sample(Kind.MUTATED, base + " " + WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000));
        }
        return new Sample(Kind.UNIQUE, sentence(8) + " u" + (uniqueCounter++) + "-" + Long.toHexString(random.nextLong()));
    }

    private String sentence(int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }
}
