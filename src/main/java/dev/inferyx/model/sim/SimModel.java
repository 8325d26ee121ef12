package dev.inferyx.model.sim;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.model.BatchFailedException;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.Model;
import dev.inferyx.model.TextBatch;
import dev.inferyx.model.OutOfMemoryBatchException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A simulated GPU model: each batch takes the time {@link SimConfig} describes (flat up to the saturation
 * batch, then linear), spent through the injected {@link Sleeper}, and returns {@code "[sim] " + INPUT} for each
 * input, upper-cased in {@link Locale#ROOT} like the seed prototype's mock model.
 *
 * <p>Per batch, in this order:
 * <ol>
 *   <li>if {@code oomAboveBatch > 0} and the batch is larger, it fails fast with
 *       {@link OutOfMemoryBatchException} after a tenth of {@code baseLatency} (the failed allocation), never
 *       the full latency;</li>
 *   <li>it sleeps {@link #latencyOf(int, double) the latency} times a uniform jitter factor in
 *       [1 - jitter, 1 + jitter];</li>
 *   <li>with probability {@code failureRate} it throws a retryable {@link BatchFailedException} with code
 *       {@code model_error}.</li>
 * </ol>
 *
 * <p>Thread-safe: several workers may call {@link #infer} at once. The injected {@link RandomGenerator} is only
 * touched while holding this model's lock (two draws per batch, before sleeping), so a non-thread-safe
 * generator such as a seeded {@link java.util.SplittableRandom} is fine and makes runs reproducible; sleeping
 * happens outside the lock, so concurrent batches overlap as they would on separate devices.
 */
public final class SimModel implements Model {

    /** Fraction of the base latency an out-of-memory batch takes before failing. */
    private static final long OOM_FRACTION_DIVISOR = 10;

    private final String name;
    private final SimConfig config;
    private final RandomGenerator random;
    private final Sleeper sleeper;
    private final Object randomLock = new Object();

    /**
     * @param name    the curve's name shown by {@link #describe()}: usually the preset it came from
     * @param config  latency curve, jitter, failure rate and out-of-memory bound
     * @param random  source of jitter and failures; accessed under a lock, so it need not be thread-safe
     * @param sleeper spends the simulated time; {@link Sleeper#real()} in production
     */
    public SimModel(String name, SimConfig config, RandomGenerator random, Sleeper sleeper) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public List<ItemResult> infer(List<Input> inputs) throws BatchFailedException, InterruptedException {
        TextBatch batch = TextBatch.of(inputs);
        int size = batch.texts().size();
        if (config.oomAboveBatch() > 0 && size > config.oomAboveBatch()) {
            sleeper.sleep(config.baseLatency().dividedBy(OOM_FRACTION_DIVISOR));
            throw new OutOfMemoryBatchException(size, "simulated out of memory: batch of " + size
                    + " exceeds " + config.oomAboveBatch());
        }
        double jitterFactor;
        boolean fails;
        synchronized (randomLock) {
            jitterFactor = config.jitter() == 0 ? 1.0
                    : random.nextDouble(1 - config.jitter(), 1 + config.jitter());
            fails = config.failureRate() > 0 && random.nextDouble() < config.failureRate();
        }
        sleeper.sleep(latencyOf(size, jitterFactor));
        if (fails) {
            throw new BatchFailedException("model_error", "simulated failure in batch of " + size, true);
        }
        var outputs = new ArrayList<String>(size);
        for (String text : batch.texts()) {
            outputs.add("[sim] " + text.toUpperCase(Locale.ROOT));
        }
        return batch.textResults(outputs, "text");
    }

    /**
     * The latency of a batch of {@code size} items for a given jitter factor: {@code baseLatency} up to
     * {@code saturationBatch}, plus {@code perItemLatency} for each item beyond it, all times {@code factor}.
     */
    public Duration latencyOf(int size, double factor) {
        Duration exact = config.baseLatency();
        if (size > config.saturationBatch()) {
            exact = exact.plus(config.perItemLatency().multipliedBy(size - (long) config.saturationBatch()));
        }
        return Duration.ofNanos(Math.round(exact.toNanos() * factor));
    }

    /** The configuration this model runs with. */
    public SimConfig config() {
        return config;
    }

    @Override
    public String describe() {
        var sb = new StringBuilder("sim (preset ").append(name).append(": ")
                .append(format(config.baseLatency())).append(" flat to ").append(config.saturationBatch())
                .append(", +").append(format(config.perItemLatency())).append("/item")
                .append(", jitter ").append(percent(config.jitter()));
        if (config.failureRate() > 0) {
            sb.append(", failure rate ").append(percent(config.failureRate()));
        }
        if (config.oomAboveBatch() > 0) {
            sb.append(", out of memory above ").append(config.oomAboveBatch());
        }
        return sb.append(')').toString();
    }

    private static String format(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) >= 0) {
            return plain(BigDecimal.valueOf(d.toNanos(), 9)) + " s";
        }
        return plain(BigDecimal.valueOf(d.toNanos(), 6)) + " ms";
    }

    private static String percent(double fraction) {
        return plain(BigDecimal.valueOf(fraction).movePointRight(2)) + "%";
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
