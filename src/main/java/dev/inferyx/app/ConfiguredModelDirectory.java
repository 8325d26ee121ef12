package dev.inferyx.app;

import dev.inferyx.config.ModelConfig;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.QueueStats;
import dev.inferyx.queue.redis.RedisModelDescriptions.Description;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.service.ModelDirectory;
import dev.inferyx.service.ModelIdentity;
import dev.inferyx.service.ModelStatus;
import java.util.List;
import java.util.Optional;

/**
 * The served models as the service sees them, read from {@link ServedModels} (which the repository may change at
 * run time), with live state read from their pools and queue. On Redis the circuit breaker is also the fleet's
 * ({@link FleetBreakers}): a model is refused while any worker process holds its breaker open, and admitted only
 * as one of the fleet's probe jobs while it is half-open, even on a gateway that runs no model itself.
 * {@link #breakerState} is the one source of a model's breaker state for both {@code /models} and the
 * {@code inferyx_breaker_state} gauge. On a gateway, which loads no model, a model's signature and platform are what
 * a worker running it published ({@link PublishedModels}), so metadata, config and the input check at admission
 * work as on {@code serve}; until a worker has published, the signature is unknown.
 */
final class ConfiguredModelDirectory implements ModelDirectory {

    private static final String PREFERRED_DEFAULT = "sim";

    private final ServedModels served;
    private final JobQueue queue;
    private final Optional<FleetBreakers> fleet;
    private final Optional<PublishedModels> published;

    ConfiguredModelDirectory(ServedModels served, JobQueue queue) {
        this(served, queue, Optional.empty(), Optional.empty());
    }

    ConfiguredModelDirectory(ServedModels served, JobQueue queue, Optional<FleetBreakers> fleet,
                             Optional<PublishedModels> published) {
        this.served = served;
        this.queue = queue;
        this.fleet = fleet;
        this.published = published;
    }

    @Override
    public Optional<String> resolve(String nameOrAlias) {
        return served.resolve(nameOrAlias);
    }

    @Override
    public String defaultModel() {
        if (served.get(PREFERRED_DEFAULT).isPresent()) {
            return PREFERRED_DEFAULT;
        }
        List<ServedModels.Entry> entries = served.entries();
        if (entries.isEmpty()) {
            throw NotFoundException.model(PREFERRED_DEFAULT); // nothing served: name the model a client expects
        }
        return entries.getFirst().name();
    }

    @Override
    public AdmissionPolicy admission(String model) {
        return served.require(model).config().admission();
    }

    @Override
    public Optional<java.time.Duration> circuitOpenFor(String model) {
        // The fleet first: a refusal there must not use up one of this process's half-open probe slots.
        int probes = served.get(model).map(e -> e.config().breaker().halfOpenProbes())
                .orElse(BreakerPolicy.DEFAULT.halfOpenProbes());
        Optional<java.time.Duration> fleetOpen = fleet.flatMap(f -> f.tryAdmit(model, probes));
        if (fleetOpen.isPresent()) {
            return fleetOpen;
        }
        return served.get(model).flatMap(ServedModels.Entry::live).flatMap(live -> live.breaker().tryAdmit());
    }

    @Override
    public CachePolicy cachePolicy(String model) {
        return served.require(model).config().cache();
    }

    @Override
    public void admitting(String model, Runnable admission) {
        served.require(model).gate().admit(model, admission);
    }

    @Override
    public List<ModelStatus> statuses() {
        return served.entries().stream().map(this::status).toList();
    }

    @Override
    public Optional<ModelStatus> status(String model) {
        return served.get(model).map(this::status);
    }

    @Override
    public Optional<ModelIdentity> identity(String model) {
        return served.get(model).map(entry -> new ModelIdentity(entry.config().name(), entry.config().version(),
                entry.live().map(live -> live.model().signature())
                        .or(() -> description(entry.config()).map(Description::signature))));
    }

    /** Where this process does not run {@code m} (a gateway): what a worker running it published, if any. */
    private Optional<Description> description(ModelConfig m) {
        return published.flatMap(p -> p.get(m.name(), m.version()));
    }

    /**
     * {@code model}'s breaker state as an operator sees it, in {@code /models} and in the gauge alike: this
     * process's breaker where it runs the model; on a gateway, the fleet's ({@code closed}, {@code open} or
     * {@code half_open}); {@code closed} on a process that neither runs it nor reads a fleet.
     */
    String breakerState(String model) {
        return breakerState(model, served.get(model).flatMap(ServedModels.Entry::live).orElse(null));
    }

    private String breakerState(String model, ServedModel live) {
        if (live != null) {
            return live.breaker().state().wireName();
        }
        return fleet.map(f -> f.state(model)).orElse("closed");
    }

    private ModelStatus status(ServedModels.Entry entry) {
        ModelConfig m = entry.config();
        ServedModel live = entry.live().orElse(null);
        // A gateway describes a model as the worker that published it does, and calls it ready since one runs it.
        Optional<Description> described = live == null ? description(m) : Optional.empty();
        QueueStats stats = queue.stats(m.name());
        return new ModelStatus(m.name(), m.version(),
                live == null ? described.map(Description::signature) : Optional.of(live.model().signature()),
                m.aliases(),
                live == null ? m.spec().type() : live.model().describe(),
                live == null ? described.map(Description::platform).orElse("inferyx") : live.model().platform(),
                live == null ? described.isPresent() : live.ready(),
                m.batching().maxBatchSize(), m.batching().maxBatchDelay(),
                m.pool().minWorkers(), m.pool().maxWorkers(), m.pool().jobsPerWorker(), m.pool().idleTimeout(),
                m.admission().queueCapacity(), m.admission().defaultTimeout(),
                live == null ? 0 : live.pool().workers(), live == null ? 0 : live.pool().busyWorkers(),
                stats.queued(), stats.unfinished(),
                breakerState(m.name(), live), queue.deadLetters().count(m.name()),
                m.cache());
    }
}
