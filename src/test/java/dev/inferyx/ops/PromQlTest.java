package dev.inferyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void metricNames_ofAHistogramQuantile_isTheBucketSeriesOnly() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (model, le) "
                + "(rate(inferyx_request_duration_seconds_bucket{model=~\"$model\"}[$__rate_interval])))"))
                .containsExactly("inferyx_request_duration_seconds_bucket");
    }

    @Test
    void metricNames_ofABinaryExpression_areBothSidesButNoKeywordsLabelsOrNumbers() {
        assertThat(PromQl.metricNames("sum by (model) (rate(a_total{outcome=\"x y\", model=~\"$model\"}[5m]))"
                + " / on (model) group_left (state) max without (instance) (b_gauge) > 0.5 and bool c:rule:ratio"
                + " or vector(0)"))
                .containsExactly("a_total", "b_gauge", "c:rule:ratio");
    }

    @Test
    void metricNames_ofLabelValues_isTheMetricArgument() {
        assertThat(PromQl.metricNames("label_values(inferyx_requests_total, model)"))
                .containsExactly("inferyx_requests_total");
    }
}
