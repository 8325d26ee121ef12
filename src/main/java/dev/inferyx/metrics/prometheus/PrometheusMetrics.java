package dev.inferyx.metrics.prometheus;

import dev.inferyx.core.JobStatus;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.metrics.MetricsExporter;
import dev.inferyx.metrics.ModelGauges;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * {@link Metrics} on the Prometheus Java client, exported in the Prometheus text format 0.0.4 for
 * {@code GET /metrics}. Every metric is prefixed {@code inferyx_}, durations are in seconds, counters end in
 * {@code _total}; {@code docs/metrics.md} lists them all.
 *
 * <p>Each instance owns its own {@link PrometheusRegistry} (never the library's default static one), so two
 * instances, e.g. in tests, never see each other's values. Live gauges (queue depth, workers, ...) are read
 * from the {@link ModelGauges} given to {@link #registerModel} at scrape time; {@link #unregisterModel} takes a
 * model's series out of the exposition (the gauges are callbacks over a map, so a model that is not in it has no
 * sample), except its dead-letter depth, which stays while letters of it are held.
 *
 * <p>Thread-safe; the event methods are lock-free and cheap enough for hot paths.
 */
public final class PrometheusMetrics implements Metrics, MetricsExporter {

    /** Histogram buckets for latencies, in seconds: 0.5 ms to 60 s. */
    static final double[] LATENCY_SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    /** Histogram buckets for batch sizes: powers of two, 1 to 512 items. */
    static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

    /** Histogram buckets for worker lifespans, in seconds: 1 s to 1 day. */
    static final double[] LIFESPAN_SECONDS = {1, 10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 86400};

    private static final java.util.List<String> BREAKER_STATES = java.util.List.of("closed", "open", "half_open");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Map<String, ModelGauges> gauges = new ConcurrentHashMap<>();
    /** Unregistered models: only their dead-letter depth is still reported, and only while it is above zero. */
    private final Map<String, ModelGauges> unserved = new ConcurrentHashMap<>();

    private final Counter requests;
    private final Counter jobsFinished;
    private final Counter jobsSkipped;
    private final Counter batches;
    private final Counter jobsProcessed;
    private final Counter workersStarted;
    private final Counter scaleEvents;
    private final Counter httpRequests;
    private final Counter retries;
    private final Counter jobsExhausted;
    private final Counter budgetExhausted;
    private final Counter breakerTransitions;
    private final Counter replayed;
    private final Counter cacheRequests;
    private final Counter cacheEvictions;
    private final Counter coalesced;
    private volatile java.util.function.LongSupplier cacheEntries = () -> 0;
    private final Histogram batchSize;
    private final Histogram queueWait;
    private final Histogram inference;
    private final Histogram requestDuration;
    private final Histogram workerLifespan;
    private final Histogram httpDuration;

    /** With the JVM's own metrics (memory, GC, threads, ...) registered too. */
    public PrometheusMetrics() {
        this(true);
    }

    /** @param includeJvmMetrics whether to export the JVM's own metrics beside Inferyx's */
    public PrometheusMetrics(boolean includeJvmMetrics) {
        requests = counter("inferyx_requests_total",
                "Requests by model and outcome: accepted, or the error code that refused them", "model", "outcome");
        jobsFinished = counter("inferyx_jobs_finished_total",
                "Jobs that reached a terminal state, by status (done, failed, expired)", "model", "status");
        jobsSkipped = counter("inferyx_jobs_skipped_total",
                "Claimed jobs that were not run, by reason (e.g. deadline_expired, shutdown)", "model", "reason");
        batches = counter("inferyx_batches_total",
                "Batches run, by result: ok or the failure code", "model", "result");
        jobsProcessed = counter("inferyx_jobs_processed_total",
                "Jobs that ran as part of a batch, whatever the batch's result", "model");
        workersStarted = counter("inferyx_workers_started_total", "Worker threads started", "model");
        scaleEvents = counter("inferyx_scale_events_total",
                "Worker pool resizes, by direction (up, down)", "model", "direction");
        httpRequests = counter("inferyx_http_requests_total",
                "HTTP responses sent, by method, route pattern and status code", "method", "route", "code");
        retries = counter("inferyx_retries_total",
                "Jobs scheduled to run again, by the error code of the failed run", "model", "reason");
        jobsExhausted = counter("inferyx_jobs_exhausted_total",
                "Jobs that failed for good after their last allowed attempt (dead-lettered)", "model");
        budgetExhausted = counter("inferyx_retry_budget_exhausted_total",
                "Jobs that could have retried but failed fast because the retry budget was spent", "model");
        breakerTransitions = counter("inferyx_breaker_transitions_total",
                "Circuit breaker state changes", "model", "from", "to");
        replayed = counter("inferyx_dead_letters_replayed_total",
                "Dead letters queued again by an operator (each finishes once more)", "model");
        cacheRequests = counter("inferyx_cache_requests_total",
                "Result-cache lookups by model and result (hit, miss)", "model", "result");
        cacheEvictions = counter("inferyx_cache_evictions_total",
                "Result-cache entries dropped, by reason (size, expired)", "reason");
        coalesced = counter("inferyx_coalesced_requests_total",
                "Requests that joined an identical request in flight instead of running the model", "model");
        GaugeWithCallback.builder().name("inferyx_cache_entries").help("Results held in the result cache")
                .callback(callback -> callback.call(cacheEntries.getAsLong()))
                .register(registry);
        batchSize = histogram("inferyx_batch_size", "Jobs per batch run", BATCH_SIZES, "model");
        queueWait = histogram("inferyx_queue_wait_seconds",
                "Time from admission until a job was claimed into a batch", LATENCY_SECONDS, "model");
        inference = histogram("inferyx_inference_seconds", "Time the model took per batch", LATENCY_SECONDS,
                "model");
        requestDuration = histogram("inferyx_request_duration_seconds",
                "Time from admission to a terminal state, per job", LATENCY_SECONDS, "model");
        workerLifespan = histogram("inferyx_worker_lifespan_seconds", "How long retired workers lived",
                LIFESPAN_SECONDS, "model");
        httpDuration = histogram("inferyx_http_request_duration_seconds",
                "Time to handle an HTTP request, by method and route pattern", LATENCY_SECONDS, "method", "route");
        gauge("inferyx_queue_depth", "Jobs waiting to be claimed into a batch", ModelGauges::queued);
        gauge("inferyx_jobs_in_flight", "Jobs admitted and not yet finished (what admission bounds)",
                ModelGauges::unfinished);
        gauge("inferyx_queue_capacity", "The most unfinished jobs a model admits", ModelGauges::capacity);
        gauge("inferyx_workers", "Live worker threads", ModelGauges::workers);
        gauge("inferyx_workers_busy", "Workers running a batch right now", ModelGauges::busyWorkers);
        GaugeWithCallback.builder().name("inferyx_dead_letters").help("Dead letters held (jobs that exhausted retries)")
                .labelNames("model")
                .callback(callback -> {
                    gauges.forEach((model, live) -> callback.call(live.deadLetters(), model));
                    // Letters of an unloaded model can still be listed and purged: an alert on them must see them.
                    unserved.forEach((model, gone) -> {
                        int held = gone.deadLetters();
                        if (held > 0) {
                            callback.call(held, model);
                        } else {
                            unserved.remove(model, gone); // none left, and none can arrive while it is not served
                        }
                    });
                })
                .register(registry);
        GaugeWithCallback.builder().name("inferyx_breaker_state")
                .help("Circuit breaker state: 1 for the current state, 0 for the others").labelNames("model", "state")
                .callback(callback -> gauges.forEach((model, live) -> {
                    String current = live.breakerState();
                    for (String state : BREAKER_STATES) {
                        callback.call(state.equals(current) ? 1 : 0, model, state);
                    }
                }))
                .register(registry);
        if (includeJvmMetrics) {
            JvmMetrics.builder().register(registry);
        }
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Histogram histogram(String name, String help, double[] buckets, String... labels) {
        return Histogram.builder().name(name).help(help).labelNames(labels)
                .classicOnly().classicUpperBounds(buckets).register(registry);
    }

    private void gauge(String name, String help, ToIntFunction<ModelGauges> read) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("model")
                .callback(callback -> gauges.forEach(
                        (model, live) -> callback.call(read.applyAsInt(live), model)))
                .register(registry);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    @Override
    public void requestAccepted(String model) {
        requests.labelValues(model, "accepted").inc();
    }

    @Override
    public void requestRejected(String model, String reason) {
        requests.labelValues(model, reason).inc();
    }

    @Override
    public void jobFinished(String model, JobStatus status, Duration endToEnd) {
        jobsFinished.labelValues(model, status.wireName()).inc();
        requestDuration.labelValues(model).observe(seconds(endToEnd));
    }

    @Override
    public void jobSkipped(String model, String reason) {
        jobsSkipped.labelValues(model, reason).inc();
    }

    @Override
    public void queueWait(String model, Duration wait) {
        queueWait.labelValues(model).observe(seconds(wait));
    }

    @Override
    public void batchCompleted(String model, int size, Duration inferenceTime, String failureReason) {
        batches.labelValues(model, failureReason == null ? "ok" : failureReason).inc();
        jobsProcessed.labelValues(model).inc(size);
        batchSize.labelValues(model).observe(size);
        inference.labelValues(model).observe(seconds(inferenceTime));
    }

    @Override
    public void workerStarted(String model) {
        workersStarted.labelValues(model).inc();
    }

    @Override
    public void workerRetired(String model, Duration lifespan) {
        workerLifespan.labelValues(model).observe(seconds(lifespan));
    }

    @Override
    public void scaled(String model, String direction) {
        scaleEvents.labelValues(model, direction).inc();
    }

    @Override
    public void httpResponse(String method, String route, int status, Duration latency) {
        httpRequests.labelValues(method, route, Integer.toString(status)).inc();
        httpDuration.labelValues(method, route).observe(seconds(latency));
    }

    @Override
    public void retryScheduled(String model, String reason) {
        retries.labelValues(model, reason).inc();
    }

    @Override
    public void jobExhausted(String model) {
        jobsExhausted.labelValues(model).inc();
    }

    @Override
    public void retryBudgetExhausted(String model) {
        budgetExhausted.labelValues(model).inc();
    }

    @Override
    public void deadLettersReplayed(String model, int count) {
        replayed.labelValues(model).inc(count);
    }

    @Override
    public void breakerTransition(String model, String from, String to) {
        breakerTransitions.labelValues(model, from, to).inc();
    }

    @Override
    public void cacheLookup(String model, boolean hit) {
        cacheRequests.labelValues(model, hit ? "hit" : "miss").inc();
    }

    @Override
    public void cacheEvicted(String reason) {
        cacheEvictions.labelValues(reason).inc();
    }

    @Override
    public void coalesced(String model) {
        coalesced.labelValues(model).inc();
    }

    @Override
    public void registerCache(java.util.function.LongSupplier entries) {
        cacheEntries = Objects.requireNonNull(entries, "entries");
    }

    /** Registers (or replaces) the live gauges of {@code model}; they are read at every scrape. */
    @Override
    public void registerModel(String model, ModelGauges modelGauges) {
        gauges.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(modelGauges, "gauges"));
        unserved.remove(model);
    }

    /**
     * Drops {@code model}'s live gauges (queue depth, in flight, capacity, workers, busy workers, breaker state) from
     * the exposition, so a dashboard does not show a stopped model's last values; its dead-letter depth stays while
     * above zero. Counters and histograms keep their series: a gone model's counters simply stop increasing, and
     * {@code rate()} over them stays correct. {@link #registerModel} brings the gauges back.
     */
    @Override
    public void unregisterModel(String model) {
        ModelGauges gone = gauges.remove(Objects.requireNonNull(model, "model"));
        if (gone != null) {
            unserved.put(model, gone);
        }
    }

    @Override
    public String contentType() {
        return writer.getContentType();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
