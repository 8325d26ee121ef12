package dev.inferyx.app;

import dev.inferyx.queue.redis.RedisModelDescriptions;
import dev.inferyx.queue.redis.RedisModelDescriptions.Description;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gateway's view of the model descriptions the workers publish ({@link ModelDescriptionPublisher}): what a model
 * takes and returns, for the metadata and config routes and the input check at admission. Each model's reading
 * (including "none published") is reused for {@link #REFRESH} of the injected clock, so metadata and admission
 * cost no Redis round trip per request under load; a description that changes (a new version rolled out) or
 * appears (the first worker finished loading) is seen at most that much later.
 *
 * <p>When Redis cannot answer, the model reads as undescribed: metadata then answers as before any worker
 * published, and admission skips the signature check (the worker's model still refuses what it cannot take).
 * Thread-safe.
 */
final class PublishedModels {

    static final Duration REFRESH = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(PublishedModels.class.getName());

    private final RedisModelDescriptions descriptions;
    private final InstantSource clock;
    private final CachedReadings<Optional<Description>> readings = new CachedReadings<>(REFRESH);

    PublishedModels(RedisModelDescriptions descriptions, InstantSource clock) {
        this.descriptions = Objects.requireNonNull(descriptions, "descriptions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The description of {@code model} a worker published, if it serves {@code version}; empty otherwise. */
    Optional<Description> get(String model, String version) {
        Optional<Description> published = readings.get(model, clock.instant(), last -> true, this::read);
        // A worker still on another version describes a model this gateway does not serve under that name.
        return published.filter(d -> d.version().equals(version));
    }

    private Optional<Description> read(String model) {
        try {
            return descriptions.read(model);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not read the description of model " + model + "; treating it as unknown", e);
            return Optional.empty();
        }
    }
}
