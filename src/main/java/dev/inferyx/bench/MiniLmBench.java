package dev.inferyx.bench;

import dev.inferyx.core.Input;
import dev.inferyx.model.Model;
import dev.inferyx.model.onnx.MiniLmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Raw in-process throughput of the {@code minilm} model, no HTTP, queue or batcher: {@code workers} threads
 * share one {@link MiniLmModel} and call it back to back with batches of a fixed size, for each batch size.
 * Inputs are either 216 short sentences of about 12 tokens, varied so that batches need padding as real traffic
 * does ({@code sentences}, the default), or the texts {@code inferyx bench --inputs unique} sends ({@code unique}),
 * so that a raw run and a run through the server embed the same kind of text.
 *
 * <pre>java -cp target/inferyx.jar dev.inferyx.bench.MiniLmBench [intraOpThreads=1] [workers=1]
 *     [seconds per batch size=5] [batch sizes=1,8,32,64] [fp32|quantized] [sentences|unique]</pre>
 *
 * Prints one line per batch size: sentences per second and mean milliseconds per call.
 */
public final class MiniLmBench {

    private static final String[] SUBJECTS = {"The quick brown fox", "A tired engineer", "Our inference server",
        "The new release of the library", "A small cat", "Every request from the client"};
    private static final String[] VERBS = {"jumps over", "reviews", "batches", "quietly replaces", "watches",
        "is answered before"};
    private static final String[] OBJECTS = {"the lazy dog near the river bank.", "a long pull request today.",
        "incoming sentences for the embedding model.", "the old one without any downtime at all.",
        "birds in the garden.", "its deadline."};

    private MiniLmBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        String sizes = args.length > 3 ? args[3] : "1,8,32,64";
        var precision = args.length > 4 && args[4].equals("quantized") ? MiniLmModel.Precision.QUANTIZED
                : MiniLmModel.Precision.FP32;
        boolean unique = args.length > 5 && args[5].equals("unique");
        IntFunction<String> texts = unique ? uniqueTexts() : MiniLmBench::sentence;
        try (var model = new MiniLmModel(precision, threads)) {
            model.warmUp();
            System.out.println(model.describe() + ", " + workers + " worker" + (workers == 1 ? "" : "s") + ", "
                    + seconds + " s per batch size, " + (unique ? "inferyx bench unique inputs" : "short sentences"));
            for (String size : sizes.split(",")) {
                run(model, texts, Integer.parseInt(size.strip()), workers, seconds);
            }
        }
    }

    /** The i-th benchmark sentence; 216 distinct ones. */
    public static String sentence(int i) {
        return SUBJECTS[i % 6] + " " + VERBS[(i / 6) % 6] + " " + OBJECTS[(i / 36) % 6];
    }

    /** The texts {@code inferyx bench --inputs unique} sends; the index is ignored, each call draws a new one. */
    private static IntFunction<String> uniqueTexts() {
        var generator = new InputGenerator(InputMix.UNIQUE, 1);
        return i -> generator.next().text();
    }

    private static void run(Model model, IntFunction<String> texts, int batchSize, int workers, double seconds) throws Exception {
        // A short warm-up at this size: ONNX Runtime plans memory per input shape.
        callsFor(model, texts, batchSize, 0, Math.min(1, seconds / 5));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            var futures = new ArrayList<Future<long[]>>();
            long start = System.nanoTime();
            for (int w = 0; w < workers; w++) {
                int offset = w * 7;
                futures.add(pool.submit(() -> callsFor(model, texts, batchSize, offset, seconds)));
            }
            long calls = 0;
            long busyNanos = 0;
            long cpuNanos = 0;
            for (Future<long[]> f : futures) {
                long[] r = f.get();
                calls += r[0];
                busyNanos += r[1];
                cpuNanos += r[2];
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            // CPU time per sentence is the calling threads' own (the whole call with 1 intra-op thread); unlike
            // the rate it barely moves when other work shares the cores, so it compares runs on a busy machine.
            System.out.printf("batch %3d: %7.0f sentences/s, %7.2f ms per call (%d calls), %5.2f ms CPU per sentence%n",
                    batchSize, calls * batchSize / elapsed, busyNanos / 1e6 / calls, calls,
                    cpuNanos / 1e6 / (calls * batchSize));
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Calls the model until {@code seconds} have passed; returns {calls, nanoseconds spent in calls, CPU nanoseconds
     * of this thread}.
     */
    private static long[] callsFor(Model model, IntFunction<String> texts, int batchSize, int offset, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long calls = 0;
        long busy = 0;
        int next = offset;
        while (System.nanoTime() < end) {
            List<Input> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(new Input.Text(texts.apply(next++)));
            }
            long t0 = System.nanoTime();
            model.infer(batch);
            busy += System.nanoTime() - t0;
            calls++;
        }
        return new long[] {calls, busy, threads.getCurrentThreadCpuTime() - cpu0};
    }
}
