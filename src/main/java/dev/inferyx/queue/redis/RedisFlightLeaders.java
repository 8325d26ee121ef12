package dev.inferyx.queue.redis;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The job leading each in-flight cache key, shared by every gateway on one Redis, so identical requests arriving at
 * different gateways share one job. Plain strings only, so this package needs nothing of {@code cache}; {@code app}
 * adapts it to {@code cache.FlightLeaders}.
 *
 * <p>Each claim is a hash {@code {p}fl:{digest}} (leader id, logical expiry by the injected clock; real TTL
 * {@code ttl}). Claiming is one script (take it unless a live claim holds it), so of two gateways racing on one key
 * exactly one leads; releasing deletes it only if the caller's leader still holds it. Thread-safe.
 */
public final class RedisFlightLeaders {

    /** ARGV: prefix, digest, now_ms, ttl_ms, leader. Returns {@code {}} when claimed, else {@code {holder}}. */
    private static final String CLAIM = """
            local k = ARGV[1] .. 'fl:' .. ARGV[2]
            local now, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
            local held = redis.call('HMGET', k, 'id', 'exp')
            if held[1] and tonumber(held[2]) > now then return {held[1]} end
            redis.call('HSET', k, 'id', ARGV[5], 'exp', now + ttl)
            redis.call('PEXPIRE', k, ttl)
            return {}
            """;

    /** ARGV: prefix, digest, leader. Deletes the claim only if that leader holds it. */
    private static final String RELEASE = """
            local k = ARGV[1] .. 'fl:' .. ARGV[2]
            if redis.call('HGET', k, 'id') == ARGV[3] then redis.call('DEL', k) end
            return {}
            """;

    private final RedisConnections redis;
    private final String prefix;
    private final Duration ttl;
    private final InstantSource clock;

    RedisFlightLeaders(RedisConnections redis, String prefix, Duration ttl, InstantSource clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Claims {@code digest} for {@code leader} unless a live claim holds it; returns that claim's leader, or empty. */
    public Optional<String> claim(String digest, String leader) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(leader, "leader");
        List<Object> reply = eval(CLAIM, digest, Long.toString(clock.instant().toEpochMilli()),
                Long.toString(ttl.toMillis()), leader);
        return reply.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(reply.getFirst()));
    }

    /** Releases {@code digest} if {@code leader} holds it. */
    public void release(String digest, String leader) {
        eval(RELEASE, Objects.requireNonNull(digest, "digest"), Objects.requireNonNull(leader, "leader"));
    }

    private List<Object> eval(String script, String... args) {
        return redis.evalUnder(prefix, script, args);
    }
}
