package dev.inferyx.queue.redis;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Result-cache entries shared by every gateway on one Redis: string values under a digest, with a TTL and a bound
 * on their count. Plain strings only, so this package needs nothing of {@code cache}; {@code app} adapts it to
 * {@code cache.ResultCache}.
 *
 * <p>Each entry is a hash {@code {p}rc:{digest}} (value, logical expiry by the injected clock; real TTL
 * {@code ttl}), indexed by the sorted set {@code {p}rc} of digests by expiry. A put first sweeps expired entries
 * from the index's oldest end, then drops the entries soonest to expire while the bound is reached (so eviction is
 * oldest-written first, not Caffeine's frequency-aware choice). A get is one script and reads one hash.
 * Thread-safe.
 */
public final class RedisResultEntries {

    /** What a put evicted, for the eviction counters. */
    public record Evicted(long expired, long size) {
    }

    /** Entries held, and how many expired entries the call swept. */
    public record Size(long entries, long expired) {
    }

    private static final String PRELUDE = Scripts.KEEP + """
            local P = ARGV[1]
            local INDEX = P .. 'rc'
            local function key(digest) return P .. 'rc:' .. digest end
            local function sweep(now)
              local gone = redis.call('ZRANGEBYSCORE', INDEX, '-inf', now)
              for _, digest in ipairs(gone) do redis.call('DEL', key(digest)) end
              redis.call('ZREMRANGEBYSCORE', INDEX, '-inf', now)
              return #gone
            end
            """;

    /** ARGV: prefix, digest, now_ms. Returns {@code {value}} or {@code {}}. */
    private static final String GET = PRELUDE + """
            local e = redis.call('HMGET', key(ARGV[2]), 'v', 'exp')
            if e[1] and tonumber(e[2]) > tonumber(ARGV[3]) then return {e[1]} end
            return {}
            """;

    /** ARGV: prefix, digest, now_ms, ttl_ms, max, value. Returns {@code {expired, evicted_for_size}}. */
    private static final String PUT = PRELUDE + """
            local now, ttl, max = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
            local expired = sweep(now)
            local evicted = 0
            if not redis.call('ZSCORE', INDEX, ARGV[2]) then
              while redis.call('ZCARD', INDEX) >= max do
                local oldest = redis.call('ZPOPMIN', INDEX)
                redis.call('DEL', key(oldest[1]))
                evicted = evicted + 1
              end
            end
            local k = key(ARGV[2])
            redis.call('HSET', k, 'v', ARGV[6], 'exp', now + ttl)
            redis.call('PEXPIRE', k, ttl)
            redis.call('ZADD', INDEX, now + ttl, ARGV[2])
            keep(INDEX, ttl) -- the index outlives every entry it bounds
            return {expired, evicted}
            """;

    /** ARGV: prefix, now_ms. Returns {@code {count, expired}}. */
    private static final String SIZE = PRELUDE + """
            local expired = sweep(tonumber(ARGV[2]))
            return {redis.call('ZCARD', INDEX), expired}
            """;

    private final RedisConnections redis;
    private final String prefix;
    private final Duration ttl;
    private final long maxEntries;
    private final InstantSource clock;

    RedisResultEntries(RedisConnections redis, String prefix, Duration ttl, long maxEntries, InstantSource clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The value under {@code digest}, unless it expired or was evicted. */
    public Optional<String> get(String digest) {
        Objects.requireNonNull(digest, "digest");
        List<Object> reply = eval(GET, digest, now());
        return reply.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(reply.getFirst()));
    }

    /** Stores {@code value} under {@code digest}, replacing any earlier one and restarting its TTL. */
    public Evicted put(String digest, String value) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(value, "value");
        List<Object> reply = eval(PUT, digest, now(), Long.toString(ttl.toMillis()), Long.toString(maxEntries), value);
        return new Evicted((Long) reply.get(0), (Long) reply.get(1));
    }

    /** Entries held now, after sweeping the expired ones. */
    public Size size() {
        List<Object> reply = eval(SIZE, now());
        return new Size((Long) reply.get(0), (Long) reply.get(1));
    }

    private String now() {
        return Long.toString(clock.instant().toEpochMilli());
    }

    private List<Object> eval(String script, String... args) {
        return redis.evalUnder(prefix, script, args);
    }
}
