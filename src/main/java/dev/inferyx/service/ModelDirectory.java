package dev.inferyx.service;

import java.util.List;
import java.util.Optional;

/**
 * The served models as the service sees them: name resolution (aliases included), admission limits and
 * live status. Implemented by the application wiring, which knows the pools. Thread-safe.
 */
public interface ModelDirectory {

    /** The canonical name for a name or alias, if served. */
    Optional<String> resolve(String nameOrAlias);

    /** The model used when a request names none. */
    String defaultModel();

    /** Admission limits of a served model (a canonical name from {@link #resolve}). */
    AdmissionPolicy admission(String model);

    /**
     * Asks the model's circuit breaker to admit one job: empty = admitted (in half-open this uses one of its few
     * probe slots); otherwise how long the client should wait before trying again.
     */
    default Optional<java.time.Duration> circuitOpenFor(String model) {
        return Optional.empty();
    }

    /** Whether and how a served model's results may be reused; by default they are not. */
    default CachePolicy cachePolicy(String model) {
        return CachePolicy.OFF;
    }

    /**
     * Runs {@code admission} (putting a job in the model's queue) unless the model stopped being served since it
     * was resolved; then throws {@link dev.inferyx.core.NotFoundException} instead. Lets a model be unloaded at
     * run time without a job slipping into a queue no pool will ever read. By default models are never unloaded.
     */
    default void admitting(String model, Runnable admission) {
        admission.run();
    }

    /** Every served model's settings and live state, in configuration order. */
    List<ModelStatus> statuses();

    /** One served model's settings and live state (a canonical name from {@link #resolve}). */
    default Optional<ModelStatus> status(String model) {
        return statuses().stream().filter(s -> s.name().equals(model)).findFirst();
    }

    /** A served model's name, version and signature, without its live state (a canonical name). */
    default Optional<ModelIdentity> identity(String model) {
        return status(model).map(s -> new ModelIdentity(s.name(), s.version(), s.signature()));
    }
}
