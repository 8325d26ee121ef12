package dev.inferyx.metrics;

import dev.inferyx.core.JobStatus;
import java.time.Duration;
import java.util.List;

/**
 * Sends every event to several {@link Metrics}, in order: e.g. the Prometheus exporter and the per-model
 * statistics the V2 {@code stats} endpoints show. As thread-safe and cheap as its targets.
 */
public final class FanOutMetrics implements Metrics {

    private final List<Metrics> targets;

    public FanOutMetrics(Metrics... targets) {
        this.targets = List.of(targets);
    }

    @Override
    public void requestAccepted(String model) {
        for (Metrics m : targets) {
            m.requestAccepted(model);
        }
    }

    @Override
    public void requestRejected(String model, String reason) {
        for (Metrics m : targets) {
            m.requestRejected(model, reason);
        }
    }

    @Override
    public void jobFinished(String model, JobStatus status, Duration endToEnd) {
        for (Metrics m : targets) {
            m.jobFinished(model, status, endToEnd);
        }
    }

    @Override
    public void jobSkipped(String model, String reason) {
        for (Metrics m : targets) {
            m.jobSkipped(model, reason);
        }
    }

    @Override
    public void queueWait(String model, Duration wait) {
        for (Metrics m : targets) {
            m.queueWait(model, wait);
        }
    }

    @Override
    public void batchCompleted(String model, int size, Duration inference, String failureReason) {
        for (Metrics m : targets) {
            m.batchCompleted(model, size, inference, failureReason);
        }
    }

    @Override
    public void workerStarted(String model) {
        for (Metrics m : targets) {
            m.workerStarted(model);
        }
    }

    @Override
    public void workerRetired(String model, Duration lifespan) {
        for (Metrics m : targets) {
            m.workerRetired(model, lifespan);
        }
    }

    @Override
    public void scaled(String model, String direction) {
        for (Metrics m : targets) {
            m.scaled(model, direction);
        }
    }

    @Override
    public void httpResponse(String method, String route, int status, Duration latency) {
        for (Metrics m : targets) {
            m.httpResponse(method, route, status, latency);
        }
    }

    @Override
    public void retryScheduled(String model, String reason) {
        for (Metrics m : targets) {
            m.retryScheduled(model, reason);
        }
    }

    @Override
    public void jobExhausted(String model) {
        for (Metrics m : targets) {
            m.jobExhausted(model);
        }
    }

    @Override
    public void retryBudgetExhausted(String model) {
        for (Metrics m : targets) {
            m.retryBudgetExhausted(model);
        }
    }

    @Override
    public void deadLettersReplayed(String model, int count) {
        for (Metrics m : targets) {
            m.deadLettersReplayed(model, count);
        }
    }

    @Override
    public void breakerTransition(String model, String from, String to) {
        for (Metrics m : targets) {
            m.breakerTransition(model, from, to);
        }
    }

    @Override
    public void cacheLookup(String model, boolean hit) {
        for (Metrics m : targets) {
            m.cacheLookup(model, hit);
        }
    }

    @Override
    public void cacheEvicted(String reason) {
        for (Metrics m : targets) {
            m.cacheEvicted(reason);
        }
    }

    @Override
    public void coalesced(String model) {
        for (Metrics m : targets) {
            m.coalesced(model);
        }
    }

    @Override
    public void registerCache(java.util.function.LongSupplier entries) {
        for (Metrics m : targets) {
            m.registerCache(entries);
        }
    }

    @Override
    public void registerModel(String model, ModelGauges gauges) {
        for (Metrics m : targets) {
            m.registerModel(model, gauges);
        }
    }

    @Override
    public void unregisterModel(String model) {
        for (Metrics m : targets) {
            m.unregisterModel(model);
        }
    }
}
