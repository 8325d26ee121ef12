package dev.inferyx.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String BEFORE = """
            # HELP inferyx_batch_size Jobs per batch run.
            # TYPE inferyx_batch_size histogram
            inferyx_batch_size_bucket{model="sim",le="1.0"} 2
            inferyx_batch_size_bucket{model="sim",le="+Inf"} 10
            inferyx_batch_size_count{model="sim"} 10
            inferyx_batch_size_sum{model="sim"} 40.0
            inferyx_batch_size_count{model="echo"} 3
            inferyx_batch_size_sum{model="echo"} 3.0
            # TYPE inferyx_requests_total counter
            inferyx_requests_total{model="sim",outcome="accepted"} 100.0
            inferyx_requests_total{model="sim",outcome="queue_full"} 1.0
            inferyx_jobs_finished_total{model="sim",status="done"} 100.0
            """;

    private static final String AFTER = """
            inferyx_batch_size_count{model="sim"} 30
            inferyx_batch_size_sum{model="sim"} 200.0
            inferyx_batch_size_count{model="echo"} 50
            inferyx_batch_size_sum{model="echo"} 500.0
            inferyx_requests_total{model="sim",outcome="accepted"} 260.0
            inferyx_requests_total{model="sim",outcome="queue_full"} 5.0 1700000000000
            inferyx_jobs_finished_total{model="sim",status="done"} 250.0
            inferyx_jobs_finished_total{model="sim",status="failed"} 2.0
            """;

    @Test
    void parse_readsNamesLabelsValuesAndSkipsComments() {
        PrometheusText text = PrometheusText.parse(BEFORE);

        assertThat(text.samples()).hasSize(9);
        assertThat(text.samples().getFirst()).isEqualTo(new PrometheusText.Sample("inferyx_batch_size_bucket",
                Map.of("model", "sim", "le", "1.0"), 2));
        assertThat(text.sum("inferyx_batch_size_bucket", l -> "+Inf".equals(l.get("le")))).isEqualTo(10);
    }

    @Test
    void parse_handlesEscapesSpecialValuesTimestampsAndGarbage() {
        PrometheusText text = PrometheusText.parse("""
                m{path="a\\"b\\\\c",x="line\\nbreak"} +Inf
                n NaN 123
                no_labels 4.5e2
                broken{a="unterminated 1
                not_a_number{a="b"} twelve
                """);

        assertThat(text.samples()).hasSize(3);
        assertThat(text.samples().get(0).labels()).containsEntry("path", "a\"b\\c").containsEntry("x", "line\nbreak");
        assertThat(text.samples().get(0).value()).isInfinite();
        assertThat(text.samples().get(1).value()).isNaN();
        assertThat(text.sum("no_labels", l -> true)).isEqualTo(450.0);
    }

    @Test
    void serverFigures_delta_meanBatchSizeAndOutcomesForOneModel() {
        ServerFigures f = ServerFigures.delta(PrometheusText.parse(BEFORE), PrometheusText.parse(AFTER), "sim");

        assertThat(f.batches()).isEqualTo(20);
        assertThat(f.meanBatchSize()).isCloseTo(8.0, within(1e-9)); // (200 - 40) / (30 - 10)
        assertThat(f.requestsByOutcome()).containsExactlyInAnyOrderEntriesOf(
                Map.of("accepted", 160.0, "queue_full", 4.0));
        assertThat(f.jobsByStatus()).containsExactlyInAnyOrderEntriesOf(Map.of("done", 150.0, "failed", 2.0));
    }

    @Test
    void serverFigures_delta_processCpuSecondsOfTheWholeServer() {
        ServerFigures f = ServerFigures.delta(PrometheusText.parse(BEFORE + "process_cpu_seconds_total 12.5\n"),
                PrometheusText.parse(AFTER + "process_cpu_seconds_total 30.0\n"), "sim");

        assertThat(f.cpuSeconds()).isCloseTo(17.5, within(1e-9));
    }

    @Test
    void serverFigures_processCpuNotExported_isNaN() {
        assertThat(ServerFigures.delta(PrometheusText.parse(BEFORE), PrometheusText.parse(AFTER), "sim").cpuSeconds())
                .isNaN();
    }

    @Test
    void serverFigures_noBatchesRan_meanBatchSizeIsNaN() {
        PrometheusText same = PrometheusText.parse(BEFORE);
        assertThat(ServerFigures.delta(same, same, "sim").meanBatchSize()).isNaN();
    }
}
