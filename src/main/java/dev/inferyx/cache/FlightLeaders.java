package dev.inferyx.cache;

import dev.inferyx.core.JobId;
import java.util.Optional;

/**
 * Which job leads each {@link CacheKey} while it is in flight, so identical requests share one job: in this process
 * ({@link LocalFlightLeaders}) or across every gateway on one Redis. A claim holds for a bounded time (a leader whose
 * process died cannot hold its key forever); the holder releases it once its result is cached.
 *
 * <p>Implementations are thread-safe; {@link #claim} is atomic across every process sharing the store.
 */
public interface FlightLeaders {

    /**
     * Makes {@code leader} the key's leader unless another job holds it. Empty when claimed; otherwise the id of the
     * job holding it (possibly one that already finished: the caller checks, and may {@link #release} it for it).
     *
     * @throws dev.inferyx.core.UnavailableException when a shared store cannot answer
     */
    Optional<JobId> claim(CacheKey key, JobId leader);

    /** Releases the key if {@code leader} still holds it; otherwise does nothing. */
    void release(CacheKey key, JobId leader);

    /** Shares nothing: every claim succeeds (a process coalescing only its own requests needs no more). */
    FlightLeaders NONE = new FlightLeaders() {
        @Override
        public Optional<JobId> claim(CacheKey key, JobId leader) {
            return Optional.empty();
        }

        @Override
        public void release(CacheKey key, JobId leader) {
        }
    };
}
