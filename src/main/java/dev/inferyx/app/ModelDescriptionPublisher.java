package dev.inferyx.app;

import dev.inferyx.queue.redis.RedisModelDescriptions;
import dev.inferyx.queue.redis.RedisModelDescriptions.Description;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A worker's side of {@link RedisModelDescriptions}: publishes the description (name, version, platform, signature)
 * of every model this process has loaded and warmed, so gateways can answer metadata and check inputs. Run once
 * when the pools have started and after every heartbeat; each publish lives {@code ttl} (three heartbeats), so a
 * model stops being described soon after the last worker running it stops. A failed publish is logged and dropped:
 * the next beat publishes again. Thread-safe.
 */
final class ModelDescriptionPublisher {

    private static final Logger LOG = Logger.getLogger(ModelDescriptionPublisher.class.getName());

    private final RedisModelDescriptions descriptions;
    private final ServedModels served;
    private final Duration ttl;

    ModelDescriptionPublisher(RedisModelDescriptions descriptions, ServedModels served, Duration ttl) {
        this.descriptions = Objects.requireNonNull(descriptions, "descriptions");
        this.served = Objects.requireNonNull(served, "served");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** Publishes every model loaded here; models still loading are left for a later call. */
    void publishAll() {
        for (ServedModels.Entry entry : served.entries()) {
            entry.live().filter(ServedModel::ready).ifPresent(live -> {
                try {
                    descriptions.publish(new Description(entry.name(), entry.config().version(),
                            live.model().platform(), live.model().signature()), ttl);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not publish the description of model " + entry.name()
                            + " to the fleet; trying again after the next heartbeat: " + e.getMessage());
                }
            });
        }
    }
}
