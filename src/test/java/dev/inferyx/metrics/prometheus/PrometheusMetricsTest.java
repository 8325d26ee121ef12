package dev.inferyx.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.JobStatus;
import dev.inferyx.metrics.ModelGauges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics(false);

    private Scrape scrape() throws IOException {
        return Scrape.parse(text(metrics));
    }

    private static String text(PrometheusMetrics metrics) throws IOException {
        var out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double value(Scrape scrape, String name, Map<String, String> labels) {
        return scrape.value(name, labels)
                .orElseThrow(() -> new AssertionError("no sample " + name + labels));
    }

    @Test
    void retryEvents_countByModelAndReason_andBreakerTransitionsByFromAndTo() throws IOException {
        metrics.retryScheduled("flaky", "model_error");
        metrics.retryScheduled("flaky", "model_error");
        metrics.jobExhausted("flaky");
        metrics.retryBudgetExhausted("flaky");
        metrics.breakerTransition("flaky", "closed", "open");

        Scrape scrape = scrape();

        assertThat(value(scrape, "inferyx_retries_total", Map.of("model", "flaky", "reason", "model_error")))
                .isEqualTo(2);
        assertThat(value(scrape, "inferyx_jobs_exhausted_total", Map.of("model", "flaky"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_retry_budget_exhausted_total", Map.of("model", "flaky"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_breaker_transitions_total",
                Map.of("model", "flaky", "from", "closed", "to", "open"))).isEqualTo(1);
    }

    @Test
    void breakerStateGauge_isOneForTheCurrentStateOnly_andDeadLettersShowsDepth() throws IOException {
        metrics.registerModel("flaky", new ModelGauges() {
            public int queued() {
                return 0;
            }

            public int unfinished() {
                return 0;
            }

            public int capacity() {
                return 1;
            }

            public int workers() {
                return 1;
            }

            public int busyWorkers() {
                return 0;
            }

            @Override
            public int deadLetters() {
                return 3;
            }

            @Override
            public String breakerState() {
                return "half_open";
            }
        });

        Scrape scrape = scrape();

        assertThat(value(scrape, "inferyx_dead_letters", Map.of("model", "flaky"))).isEqualTo(3);
        assertThat(value(scrape, "inferyx_breaker_state", Map.of("model", "flaky", "state", "half_open"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_breaker_state", Map.of("model", "flaky", "state", "open"))).isZero();
        assertThat(value(scrape, "inferyx_breaker_state", Map.of("model", "flaky", "state", "closed"))).isZero();
    }

    @Test
    void contentType_isPrometheusTextFormat004() {
        assertThat(metrics.contentType()).startsWith("text/plain").contains("version=0.0.4");
    }

    @Test
    void requests_acceptedAndRejected_countByModelAndOutcome() throws IOException {
        metrics.requestAccepted("sim");
        metrics.requestAccepted("sim");
        metrics.requestRejected("sim", "queue_full");
        metrics.requestRejected("unknown", "model_not_found");

        Scrape scrape = scrape();

        assertThat(scrape.types()).containsEntry("inferyx_requests_total", "counter");
        assertThat(value(scrape, "inferyx_requests_total", Map.of("model", "sim", "outcome", "accepted"))).isEqualTo(2);
        assertThat(value(scrape, "inferyx_requests_total", Map.of("model", "sim", "outcome", "queue_full"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_requests_total",
                Map.of("model", "unknown", "outcome", "model_not_found"))).isEqualTo(1);
    }

    @Test
    void jobFinished_countsByStatusAndObservesEndToEndSeconds() throws IOException {
        metrics.jobFinished("sim", JobStatus.DONE, Duration.ofMillis(20));
        metrics.jobFinished("sim", JobStatus.FAILED, Duration.ofMillis(40));

        Scrape scrape = scrape();

        assertThat(value(scrape, "inferyx_jobs_finished_total", Map.of("model", "sim", "status", "done"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_jobs_finished_total", Map.of("model", "sim", "status", "failed")))
                .isEqualTo(1);
        assertThat(value(scrape, "inferyx_request_duration_seconds_count", Map.of("model", "sim"))).isEqualTo(2);
        assertThat(value(scrape, "inferyx_request_duration_seconds_sum", Map.of("model", "sim")))
                .isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(value(scrape, "inferyx_request_duration_seconds_bucket", Map.of("model", "sim", "le", "0.025")))
                .isEqualTo(1);
    }

    @Test
    void jobSkippedAndQueueWait_areRecordedPerModel() throws IOException {
        metrics.jobSkipped("sim", "deadline_expired");
        metrics.queueWait("sim", Duration.ofMillis(3));

        Scrape scrape = scrape();

        assertThat(value(scrape, "inferyx_jobs_skipped_total", Map.of("model", "sim", "reason", "deadline_expired")))
                .isEqualTo(1);
        assertThat(value(scrape, "inferyx_queue_wait_seconds_bucket", Map.of("model", "sim", "le", "0.005")))
                .isEqualTo(1);
        assertThat(value(scrape, "inferyx_queue_wait_seconds_bucket", Map.of("model", "sim", "le", "0.0025")))
                .isZero();
    }

    @Test
    void batchCompleted_countsResultsJobsSizesAndInferenceTime() throws IOException {
        metrics.batchCompleted("sim", 8, Duration.ofMillis(5), null);
        metrics.batchCompleted("sim", 3, Duration.ofMillis(7), "out_of_memory");

        Scrape scrape = scrape();

        assertThat(value(scrape, "inferyx_batches_total", Map.of("model", "sim", "result", "ok"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_batches_total", Map.of("model", "sim", "result", "out_of_memory")))
                .isEqualTo(1);
        assertThat(value(scrape, "inferyx_jobs_processed_total", Map.of("model", "sim"))).isEqualTo(11);
        assertThat(value(scrape, "inferyx_batch_size_sum", Map.of("model", "sim"))).isEqualTo(11);
        assertThat(value(scrape, "inferyx_batch_size_bucket", Map.of("model", "sim", "le", "4.0"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_batch_size_bucket", Map.of("model", "sim", "le", "8.0"))).isEqualTo(2);
        assertThat(value(scrape, "inferyx_inference_seconds_count", Map.of("model", "sim"))).isEqualTo(2);
    }

    @Test
    void batchSize_bucketBoundariesAreIntegerPowersOfTwo() throws IOException {
        metrics.batchCompleted("sim", 1, Duration.ZERO, null);

        // The text format writes every bound as a double ("8.0"); what matters is that each is a whole number.
        var bounds = scrape().find("inferyx_batch_size_bucket", Map.of("model", "sim")).stream()
                .map(s -> Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity"))).toList();

        assertThat(bounds).containsExactly(1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0,
                Double.POSITIVE_INFINITY);
        assertThat(bounds.subList(0, bounds.size() - 1)).allSatisfy(b -> assertThat(b % 1).isZero());
    }

    @Test
    void latencyHistograms_spanHalfAMillisecondToAMinute() throws IOException {
        metrics.batchCompleted("sim", 1, Duration.ZERO, null);

        var bounds = scrape().find("inferyx_inference_seconds_bucket", Map.of("model", "sim")).stream()
                .map(s -> s.labels().get("le")).toList();

        assertThat(bounds.getFirst()).isEqualTo("5.0E-4");
        assertThat(bounds).contains("60.0").endsWith("+Inf");
    }

    @Test
    void workersAndScaling_areRecorded() throws IOException {
        metrics.workerStarted("sim");
        metrics.workerStarted("sim");
        metrics.workerRetired("sim", Duration.ofSeconds(45));
        metrics.scaled("sim", "up");

        Scrape scrape = scrape();

        assertThat(value(scrape, "inferyx_workers_started_total", Map.of("model", "sim"))).isEqualTo(2);
        assertThat(value(scrape, "inferyx_worker_lifespan_seconds_sum", Map.of("model", "sim"))).isEqualTo(45);
        assertThat(value(scrape, "inferyx_worker_lifespan_seconds_bucket", Map.of("model", "sim", "le", "60.0")))
                .isEqualTo(1);
        assertThat(value(scrape, "inferyx_scale_events_total", Map.of("model", "sim", "direction", "up")))
                .isEqualTo(1);
    }

    @Test
    void httpResponse_countsByMethodRouteAndCodeAndTimesByRoute() throws IOException {
        metrics.httpResponse("POST", "/infer", 202, Duration.ofMillis(2));
        metrics.httpResponse("POST", "/infer", 429, Duration.ofMillis(1));

        Scrape scrape = scrape();

        assertThat(value(scrape, "inferyx_http_requests_total",
                Map.of("method", "POST", "route", "/infer", "code", "202"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_http_requests_total",
                Map.of("method", "POST", "route", "/infer", "code", "429"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_http_request_duration_seconds_count",
                Map.of("method", "POST", "route", "/infer"))).isEqualTo(2);
    }

    @Test
    void registeredModelGauges_areReadLiveAtEachScrape() throws IOException {
        var queued = new AtomicInteger(3);
        metrics.registerModel("sim", new FixedGauges(queued, 7, 512, 4, 2));

        Scrape first = scrape();
        queued.set(9);
        Scrape second = scrape();

        assertThat(first.types()).containsEntry("inferyx_queue_depth", "gauge");
        assertThat(value(first, "inferyx_queue_depth", Map.of("model", "sim"))).isEqualTo(3);
        assertThat(value(second, "inferyx_queue_depth", Map.of("model", "sim"))).isEqualTo(9);
        assertThat(value(second, "inferyx_jobs_in_flight", Map.of("model", "sim"))).isEqualTo(7);
        assertThat(value(second, "inferyx_queue_capacity", Map.of("model", "sim"))).isEqualTo(512);
        assertThat(value(second, "inferyx_workers", Map.of("model", "sim"))).isEqualTo(4);
        assertThat(value(second, "inferyx_workers_busy", Map.of("model", "sim"))).isEqualTo(2);
    }

    @Test
    void unregisteredModel_losesItsLiveGaugeSeries_andARegistrationBringsThemBack() throws IOException {
        metrics.registerModel("sim", new FixedGauges(new AtomicInteger(3), 7, 512, 4, 2));
        metrics.registerModel("mm", new FixedGauges(new AtomicInteger(5), 6, 64, 2, 1));
        metrics.requestAccepted("mm");

        metrics.unregisterModel("mm");
        Scrape gone = scrape();
        metrics.registerModel("mm", new FixedGauges(new AtomicInteger(0), 0, 64, 1, 0));
        Scrape back = scrape();

        for (String gauge : new String[] {"inferyx_queue_depth", "inferyx_jobs_in_flight", "inferyx_queue_capacity",
                "inferyx_workers", "inferyx_workers_busy", "inferyx_dead_letters"}) {
            assertThat(gone.value(gauge, Map.of("model", "mm"))).as(gauge).isEmpty();
            assertThat(gone.value(gauge, Map.of("model", "sim"))).as(gauge).isPresent();
            assertThat(back.value(gauge, Map.of("model", "mm"))).as(gauge).isPresent();
        }
        assertThat(gone.value("inferyx_breaker_state", Map.of("model", "mm", "state", "closed"))).isEmpty();
        assertThat(back.value("inferyx_breaker_state", Map.of("model", "mm", "state", "closed"))).hasValue(1);
        assertThat(value(back, "inferyx_workers", Map.of("model", "mm"))).isEqualTo(1);
        assertThat(gone.value("inferyx_requests_total", Map.of("model", "mm", "outcome", "accepted")))
                .as("a counter keeps its total").hasValue(1);
    }

    @Test
    void unregisteredModel_keepsItsDeadLetterDepth_whileLettersAreHeld() throws IOException {
        var letters = new AtomicInteger(2);
        metrics.registerModel("mm", new LettersOnly(letters));

        metrics.unregisterModel("mm");
        Scrape held = scrape();
        letters.set(0); // purged
        Scrape purged = scrape();
        letters.set(3);
        Scrape later = scrape();

        assertThat(held.value("inferyx_dead_letters", Map.of("model", "mm"))).hasValue(2);
        assertThat(held.value("inferyx_workers", Map.of("model", "mm"))).isEmpty();
        assertThat(purged.value("inferyx_dead_letters", Map.of("model", "mm"))).isEmpty();
        assertThat(later.value("inferyx_dead_letters", Map.of("model", "mm")))
                .as("once none are left the model is forgotten").isEmpty();
    }

    private record LettersOnly(AtomicInteger letters) implements ModelGauges {
        @Override
        public int queued() {
            return 0;
        }

        @Override
        public int unfinished() {
            return 0;
        }

        @Override
        public int capacity() {
            return 0;
        }

        @Override
        public int workers() {
            return 0;
        }

        @Override
        public int busyWorkers() {
            return 0;
        }

        @Override
        public int deadLetters() {
            return letters.get();
        }
    }

    @Test
    void twoInstances_doNotShareValues() throws IOException {
        var other = new PrometheusMetrics(false);
        other.requestAccepted("sim");

        assertThat(scrape().value("inferyx_requests_total", Map.of("model", "sim"))).isEmpty();
        assertThat(Scrape.parse(text(other)).value("inferyx_requests_total", Map.of("model", "sim"))).hasValue(1);
    }

    @Test
    void withJvmMetrics_exportsJvmSeriesToo() throws IOException {
        var withJvm = new PrometheusMetrics(true);

        assertThat(Scrape.parse(text(withJvm)).types()).containsKey("jvm_memory_used_bytes");
    }

    @Test
    void everyInferyxSeries_isPrefixedAndUsesBaseUnits() throws IOException {
        metrics.registerModel("sim", new FixedGauges(new AtomicInteger(), 0, 1, 1, 0));
        metrics.batchCompleted("sim", 1, Duration.ZERO, null);

        assertThat(scrape().types().keySet()).allSatisfy(name -> {
            assertThat(name).startsWith("inferyx_");
            assertThat(name).doesNotContain("millis", "_ms");
        });
    }

    private record FixedGauges(AtomicInteger queuedNow, int unfinished, int capacity, int workers,
                               int busyWorkers) implements ModelGauges {
        @Override
        public int queued() {
            return queuedNow.get();
        }
    }

    @Test
    void cache_countsLookupsByResultEvictionsByReasonAndReadsEntriesLive() throws IOException {
        AtomicInteger entries = new AtomicInteger(3);
        metrics.registerCache(entries::get);
        metrics.cacheLookup("sim", true);
        metrics.cacheLookup("sim", false);
        metrics.cacheLookup("sim", false);
        metrics.cacheEvicted("size");
        metrics.coalesced("sim");
        entries.set(7);

        Scrape scrape = scrape();

        assertThat(value(scrape, "inferyx_cache_requests_total", Map.of("model", "sim", "result", "hit"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_cache_requests_total", Map.of("model", "sim", "result", "miss"))).isEqualTo(2);
        assertThat(value(scrape, "inferyx_cache_evictions_total", Map.of("reason", "size"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_coalesced_requests_total", Map.of("model", "sim"))).isEqualTo(1);
        assertThat(value(scrape, "inferyx_cache_entries", Map.of())).isEqualTo(7);
    }
}
