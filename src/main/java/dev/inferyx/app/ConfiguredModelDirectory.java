package dev.inferyx.app;

import dev.inferyx.config.InferyxConfig;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.service.ModelDirectory;
import dev.inferyx.service.ModelStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The served models from configuration, with live state read from their pools and queue. */
final class ConfiguredModelDirectory implements ModelDirectory {

    private static final String PREFERRED_DEFAULT = "sim";

    private final InferyxConfig config;
    private final Map<String, String> canonical = new HashMap<>();
    private final Map<String, ServedModel> served;
    private final JobQueue queue;

    ConfiguredModelDirectory(InferyxConfig config, Map<String, ServedModel> served, JobQueue queue) {
        this.config = config;
        this.served = served;
        this.queue = queue;
        for (ModelConfig m : config.models().values()) {
            canonical.put(m.name(), m.name());
            m.aliases().forEach(alias -> canonical.put(alias, m.name()));
        }
    }

    @Override
    public Optional<String> resolve(String nameOrAlias) {
        return Optional.ofNullable(canonical.get(nameOrAlias));
    }

    @Override
    public String defaultModel() {
        return config.models().containsKey(PREFERRED_DEFAULT)
                ? PREFERRED_DEFAULT
                : config.models().keySet().iterator().next();
    }

    @Override
    public AdmissionPolicy admission(String model) {
        return config.models().get(model).admission();
    }

    @Override
    public Optional<java.time.Duration> circuitOpenFor(String model) {
        ServedModel live = served.get(model);
        return live == null ? Optional.empty() : live.breaker().tryAdmit();
    }

    @Override
    public CachePolicy cachePolicy(String model) {
        return config.models().get(model).cache();
    }

    @Override
    public List<ModelStatus> statuses() {
        return config.models().values().stream().map(this::status).toList();
    }

    private ModelStatus status(ModelConfig m) {
        ServedModel live = served.get(m.name());
        QueueStats stats = queue.stats(m.name());
        return new ModelStatus(m.name(), m.version(),
                live == null ? Optional.empty() : Optional.of(live.model().signature()), m.aliases(), live == null ? m.spec().type() : live.model().describe(),
                live != null && live.ready(),
                m.batching().maxBatchSize(), m.batching().maxBatchDelay(),
                m.pool().minWorkers(), m.pool().maxWorkers(), m.pool().jobsPerWorker(), m.pool().idleTimeout(),
                m.admission().queueCapacity(), m.admission().defaultTimeout(),
                live == null ? 0 : live.pool().workers(), live == null ? 0 : live.pool().busyWorkers(),
                stats.queued(), stats.unfinished(),
                live == null ? "closed" : live.breaker().state().wireName(), queue.deadLetters().count(m.name()),
                m.cache());
    }
}
