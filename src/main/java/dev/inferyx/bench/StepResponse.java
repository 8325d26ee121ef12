package dev.inferyx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The autoscaler's step response, read from a time series of a model's live worker count and its requests-received
 * counter sampled while a load step was applied and then removed (as {@code bench/autoscale.sh} records them).
 *
 * <p>The step is found in the series itself, so the load generator's start-up time does not count: it starts at the
 * last sample before the request counter first moved, and it ends at the last sample before the counter reached its
 * final value. Both bounds are taken on the side that makes the reported times longer, never shorter, so the
 * figures are conservative by at most one sampling interval.
 *
 * <ul>
 *   <li><b>rise</b>: from the step's start to the first sample at or above {@code target} workers;</li>
 *   <li><b>fall</b>: from the step's end to the first sample from which the count stays at or below {@code min}
 *       until the end of the series.</li>
 * </ul>
 *
 * <pre>java -cp target/inferyx.jar dev.inferyx.bench.StepResponse SERIES.csv TARGET MIN</pre>
 * reads lines {@code t_ms,workers,requests} and prints one {@code RESULT ...} line.
 *
 * @param riseSeconds empty when the count never reached the target during the step
 * @param peakWorkers the most workers seen from the step's start to the end of the series (the queue may still
 *     be draining after the load stops)
 * @param fallSeconds empty when the count had not settled at min by the end of the series
 * @param stepSeconds how long the load lasted, as seen by the server
 */
public record StepResponse(OptionalDouble riseSeconds, int peakWorkers, OptionalDouble fallSeconds,
        double stepSeconds) {

    /** One observation: wall time in milliseconds, live workers, requests received so far. */
    public record Sample(long atMillis, int workers, long requests) {
        public Sample {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must not be negative, was " + workers);
            }
        }
    }

    public StepResponse {
        Objects.requireNonNull(riseSeconds, "riseSeconds");
        Objects.requireNonNull(fallSeconds, "fallSeconds");
    }

    /**
     * @param samples in time order, starting before the load step and ending after the count returned to min
     * @throws IllegalArgumentException when the series shows no load step at all
     */
    public static StepResponse analyse(List<Sample> samples, int target, int min) {
        if (min > target) {
            throw new IllegalArgumentException("min (" + min + ") must not exceed target (" + target + ")");
        }
        if (samples.size() < 2) {
            throw new IllegalArgumentException("need at least 2 samples, got " + samples.size());
        }
        long first = samples.getFirst().requests();
        long last = samples.getLast().requests();
        if (last == first) {
            throw new IllegalArgumentException("no load step in the series: requests stayed at " + first
                    + " over " + samples.size() + " samples");
        }
        int startIdx = 0;
        while (samples.get(startIdx + 1).requests() == first) {
            startIdx++;
        }
        int endIdx = startIdx + 1;
        while (samples.get(endIdx).requests() != last) {
            endIdx++;
        }
        endIdx--; // the last sample while requests were still arriving
        long start = samples.get(startIdx).atMillis();
        long end = samples.get(endIdx).atMillis();

        OptionalDouble rise = OptionalDouble.empty();
        int peak = 0;
        for (int i = startIdx; i < samples.size(); i++) {
            Sample s = samples.get(i);
            peak = Math.max(peak, s.workers());
            if (i <= endIdx && rise.isEmpty() && s.workers() >= target) {
                rise = OptionalDouble.of((s.atMillis() - start) / 1000.0);
            }
        }
        // Settled: the earliest sample after the step's end from which every later sample is at or below min.
        int settled = samples.size();
        for (int i = samples.size() - 1; i > endIdx && samples.get(i).workers() <= min; i--) {
            settled = i;
        }
        OptionalDouble fall = settled == samples.size() ? OptionalDouble.empty()
                : OptionalDouble.of((samples.get(settled).atMillis() - end) / 1000.0);
        return new StepResponse(rise, peak, fall, (end - start) / 1000.0);
    }

    /** Parses lines {@code t_ms,workers,requests}; blank lines and lines starting with {@code #} are skipped. */
    public static List<Sample> parse(List<String> lines) {
        var samples = new ArrayList<Sample>(lines.size());
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(",");
            if (f.length != 3) {
                throw new IllegalArgumentException("expected t_ms,workers,requests, got \"" + l + "\"");
            }
            samples.add(new Sample(Long.parseLong(f[0].strip()), (int) Double.parseDouble(f[1].strip()),
                    (long) Double.parseDouble(f[2].strip())));
        }
        return samples;
    }

    public String toLine() {
        return String.format(Locale.ROOT, "RESULT rise_s=%s peak_workers=%d fall_s=%s step_s=%.1f",
                format(riseSeconds), peakWorkers, format(fallSeconds), stepSeconds);
    }

    private static String format(OptionalDouble seconds) {
        return seconds.isPresent() ? String.format(Locale.ROOT, "%.1f", seconds.getAsDouble()) : "never";
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: StepResponse SERIES.csv TARGET MIN");
            System.exit(2);
        }
        var samples = parse(Files.readAllLines(Path.of(args[0])));
        System.out.println(analyse(samples, Integer.parseInt(args[1]), Integer.parseInt(args[2])).toLine());
    }
}
