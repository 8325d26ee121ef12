package dev.inferyx.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts of a report, drawn with JFreeChart. Sets {@code java.awt.headless=true} (unless already set) so it
 * works on servers without a display. Stateless.
 */
public final class ReportCharts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;

    private ReportCharts() {
    }

    /** p50, p99 and max latency (ms) per interval against seconds into the measured window. */
    public static void latencyOverTime(List<RunRecorder.TimelinePoint> timeline, String title, Path png)
            throws IOException {
        headless();
        XYSeries p50 = new XYSeries("p50");
        XYSeries p99 = new XYSeries("p99");
        XYSeries max = new XYSeries("max");
        for (RunRecorder.TimelinePoint p : timeline) {
            if (!Double.isNaN(p.p50Ms())) {
                p50.add(p.atSeconds(), p.p50Ms());
                p99.add(p.atSeconds(), p.p99Ms());
                max.add(p.atSeconds(), p.maxMs());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(p50);
        data.addSeries(p99);
        data.addSeries(max);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds into the measured window",
                "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** p50 and p99 latency (ms) against achieved throughput (req/s), one point per sweep step. */
    public static void latencyVsThroughput(List<RateSweep.Step> steps, String title, Path png) throws IOException {
        headless();
        XYSeries p50 = new XYSeries("p50", false);
        XYSeries p99 = new XYSeries("p99", false);
        for (RateSweep.Step s : steps) {
            if (!Double.isNaN(s.stats().latencyMs(50))) {
                p50.add(s.stats().throughput(), s.stats().latencyMs(50));
                p99.add(s.stats().throughput(), s.stats().latencyMs(99));
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(p50);
        data.addSeries(p99);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "achieved throughput (req/s)", "latency (ms)",
                data, PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
