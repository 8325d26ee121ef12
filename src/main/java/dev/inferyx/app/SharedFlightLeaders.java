package dev.inferyx.app;

import dev.inferyx.cache.CacheKey;
import dev.inferyx.cache.FlightLeaders;
import dev.inferyx.core.JobId;
import dev.inferyx.queue.redis.RedisFlightLeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link FlightLeaders} of gateways on Redis: adapts {@link RedisFlightLeaders} (which knows nothing of
 * {@code cache}), so identical requests in flight on different gateways share one job. When Redis cannot answer, a
 * claim fails with {@code UnavailableException} like admission itself would.
 */
final class SharedFlightLeaders implements FlightLeaders {

    private final RedisFlightLeaders leaders;

    SharedFlightLeaders(RedisFlightLeaders leaders) {
        this.leaders = Objects.requireNonNull(leaders, "leaders");
    }

    @Override
    public Optional<JobId> claim(CacheKey key, JobId leader) {
        return leaders.claim(key.digest(), leader.value()).map(JobId::new);
    }

    @Override
    public void release(CacheKey key, JobId leader) {
        leaders.release(key.digest(), leader.value());
    }
}
