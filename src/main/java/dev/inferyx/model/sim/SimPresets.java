package dev.inferyx.model.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Named latency curves for {@link SimModel}, taken from measurements of real models on an H100 (see
 * {@code STACK.md}), plus the seed prototype's fake 10-15 s batches. Every preset has failure rate 0 and no
 * out-of-memory bound; the config file overrides single fields on top of a preset.
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>name</th><th>flat latency</th><th>flat up to</th><th>per extra item</th><th>jitter</th></tr>
 *   <tr><td>bert-base-128</td><td>4.5 ms</td><td>64</td><td>0.06 ms</td><td>10%</td></tr>
 *   <tr><td>minilm-16</td><td>2.5 ms</td><td>512</td><td>0.005 ms</td><td>10%</td></tr>
 *   <tr><td>bert-base-16</td><td>5.5 ms</td><td>512</td><td>0.01 ms</td><td>10%</td></tr>
 *   <tr><td>seed</td><td>12.5 s</td><td>1,000,000</td><td>0</td><td>20%</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class SimPresets {

    /** The preset used when a config names none. */
    public static final String DEFAULT = "bert-base-128";

    private static final Map<String, SimConfig> PRESETS = presets();

    private SimPresets() {
    }

    private static Map<String, SimConfig> presets() {
        var presets = new LinkedHashMap<String, SimConfig>();
        presets.put("bert-base-128", curve(micros(4_500), 64, micros(60), 0.1));
        presets.put("minilm-16", curve(micros(2_500), 512, Duration.ofNanos(5_000), 0.1));
        presets.put("bert-base-16", curve(micros(5_500), 512, micros(10), 0.1));
        // The seed prototype slept 10-15 s per batch whatever its size.
        presets.put("seed", curve(Duration.ofMillis(12_500), 1_000_000, Duration.ZERO, 0.2));
        return java.util.Collections.unmodifiableMap(presets);
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }

    private static SimConfig curve(Duration base, int saturation, Duration perItem, double jitter) {
        return new SimConfig(base, saturation, perItem, jitter, 0.0, 0);
    }

    /**
     * The preset called {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown preset and listing the valid ones
     */
    public static SimConfig named(String name) {
        Objects.requireNonNull(name, "name");
        SimConfig config = PRESETS.get(name);
        if (config == null) {
            throw new IllegalArgumentException("unknown sim preset '" + name + "' (known: "
                    + String.join(", ", names()) + ")");
        }
        return config;
    }

    /** Every preset name, in a stable order. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }
}
