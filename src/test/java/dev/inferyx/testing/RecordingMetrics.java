package dev.inferyx.testing;

import dev.inferyx.core.JobStatus;
import dev.inferyx.metrics.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every metrics event as a short string (e.g. {@code "jobFinished sim DONE"}). Thread-safe. */
public final class RecordingMetrics implements Metrics {

    private final List<String> events = new CopyOnWriteArrayList<>();

    public List<String> events() {
        return List.copyOf(events);
    }

    public long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    @Override
    public void requestAccepted(String model) {
        events.add("requestAccepted " + model);
    }

    @Override
    public void requestRejected(String model, String reason) {
        events.add("requestRejected " + model + " " + reason);
    }

    @Override
    public void jobFinished(String model, JobStatus status, Duration endToEnd) {
        events.add("jobFinished " + model + " " + status);
    }

    @Override
    public void jobSkipped(String model, String reason) {
        events.add("jobSkipped " + model + " " + reason);
    }

    @Override
    public void queueWait(String model, Duration wait) {
        events.add("queueWait " + model + " " + wait);
    }

    @Override
    public void batchCompleted(String model, int size, Duration inference, String failureReason) {
        events.add("batchCompleted " + model + " " + size + " " + failureReason);
    }

    @Override
    public void workerStarted(String model) {
        events.add("workerStarted " + model);
    }

    @Override
    public void workerRetired(String model, Duration lifespan) {
        events.add("workerRetired " + model);
    }

    @Override
    public void scaled(String model, String direction) {
        events.add("scaled " + model + " " + direction);
    }

    @Override
    public void retryScheduled(String model, String reason) {
        events.add("retryScheduled " + model + " " + reason);
    }

    @Override
    public void jobExhausted(String model) {
        events.add("jobExhausted " + model);
    }

    @Override
    public void retryBudgetExhausted(String model) {
        events.add("retryBudgetExhausted " + model);
    }

    @Override
    public void breakerTransition(String model, String from, String to) {
        events.add("breakerTransition " + model + " " + from + " " + to);
    }

    @Override
    public void cacheLookup(String model, boolean hit) {
        events.add("cacheLookup " + model + " " + (hit ? "hit" : "miss"));
    }

    @Override
    public void cacheEvicted(String reason) {
        events.add("cacheEvicted " + reason);
    }

    @Override
    public void coalesced(String model) {
        events.add("coalesced " + model);
    }

    @Override
    public void deadLettersReplayed(String model, int count) {
        events.add("deadLettersReplayed " + model + " " + count);
    }
}
