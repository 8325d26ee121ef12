package dev.inferyx.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.bench.StepResponse.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rise and fall times from synthetic worker-count series sampled every 100 ms. */
class StepResponseTest {

    /** Builds a series from per-sample worker counts and request counters, 100 ms apart from t = 0. */
    private static List<Sample> series(int[] workers, long[] requests) {
        var samples = new ArrayList<Sample>();
        for (int i = 0; i < workers.length; i++) {
            samples.add(new Sample(i * 100L, workers[i], requests[i]));
        }
        return samples;
    }

    @Test
    void analyse_stepUpAndDown_measuresFromLastQuietSampleAndToSettledMin() {
        // Load arrives between samples 1 and 2 and stops between samples 6 and 7.
        int[] workers = {1, 1, 1, 2, 4, 5, 5, 5, 3, 1, 1};
        long[] requests = {0, 0, 10, 50, 90, 130, 170, 180, 180, 180, 180};

        StepResponse r = StepResponse.analyse(series(workers, requests), 4, 1);

        assertThat(r.riseSeconds()).hasValue(0.3);  // step at t=100 (last quiet sample), 4 workers at t=400
        assertThat(r.peakWorkers()).isEqualTo(5);
        assertThat(r.fallSeconds()).hasValue(0.3);  // step ends at t=600, back at 1 from t=900 on
        assertThat(r.stepSeconds()).isEqualTo(0.5);
    }

    @Test
    void analyse_dipToMinThenBackUp_fallCountsFromTheFinalSettling() {
        int[] workers = {1, 4, 4, 1, 2, 1, 1};
        long[] requests = {0, 5, 9, 9, 9, 9, 9};

        StepResponse r = StepResponse.analyse(series(workers, requests), 4, 1);

        assertThat(r.riseSeconds()).hasValue(0.1);
        assertThat(r.fallSeconds()).hasValue(0.4); // ends at t=100; the dip at t=300 does not count, t=500 does
    }

    @Test
    void analyse_targetNeverReachedAndNeverSettled_reportsEmpty() {
        int[] workers = {1, 2, 3, 3, 3};
        long[] requests = {0, 10, 20, 20, 20};

        StepResponse r = StepResponse.analyse(series(workers, requests), 4, 1);

        assertThat(r.riseSeconds()).isEmpty();
        assertThat(r.fallSeconds()).isEmpty();
        assertThat(r.peakWorkers()).isEqualTo(3);
        assertThat(r.toLine()).isEqualTo("RESULT rise_s=never peak_workers=3 fall_s=never step_s=0.1");
    }

    @Test
    void analyse_noLoadInSeries_failsNamingTheCounter() {
        assertThatThrownBy(() -> StepResponse.analyse(series(new int[] {1, 1, 1}, new long[] {7, 7, 7}), 4, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requests stayed at 7");
    }

    @Test
    void parse_skipsCommentsAndBlankLines_acceptsPrometheusFloats() {
        var samples = StepResponse.parse(List.of("# t_ms,workers,requests", "", "1000,1.0,0.0", "1100,2,15.0"));

        assertThat(samples).containsExactly(new Sample(1000, 1, 0), new Sample(1100, 2, 15));
    }
}
