package dev.inferyx.queue.redis;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code Idempotency-Key} bindings shared by every gateway on one Redis, so a client that resends a request to
 * another gateway gets the original request id. Plain strings only, so this package needs nothing of
 * {@code cache}; {@code app} adapts it to {@code cache.IdempotencyStore}.
 *
 * <p>Each binding is a hash {@code {p}idem:{scope}} (fingerprint, request id, logical expiry by the injected
 * clock; real TTL {@code ttl}), indexed by the sorted set {@code {p}idem} of scopes by expiry, which bounds the
 * count at {@code maxKeys} (soonest to expire dropped first) and is swept from its oldest end. Each call is one
 * Lua script, so {@link #bindIfAbsent} is atomic across processes. Thread-safe.
 */
public final class RedisIdempotencyKeys {

    /** What a key is bound to: the request's fingerprint and the request id it got. */
    public record Binding(String fingerprint, String requestId) {
        public Binding {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    private static final String PRELUDE = Scripts.KEEP + """
            local P = ARGV[1]
            local INDEX = P .. 'idem'
            local function key(scope) return P .. 'idem:' .. scope end
            local function sweep(now)
              for _, scope in ipairs(redis.call('ZRANGEBYSCORE', INDEX, '-inf', now)) do
                redis.call('DEL', key(scope))
              end
              redis.call('ZREMRANGEBYSCORE', INDEX, '-inf', now)
            end
            """;

    /**
     * ARGV: prefix, scope, now_ms, ttl_ms, max, fingerprint, request_id. Returns {@code {}} when stored, else
     * {@code {fingerprint, request_id}} of the binding held (nothing stored).
     */
    private static final String BIND = PRELUDE + """
            local now, ttl, max = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
            sweep(now)
            local k = key(ARGV[2])
            local held = redis.call('HMGET', k, 'fp', 'id', 'exp')
            if held[1] and tonumber(held[3]) > now then return {held[1], held[2]} end
            if not redis.call('ZSCORE', INDEX, ARGV[2]) then
              while redis.call('ZCARD', INDEX) >= max do
                local oldest = redis.call('ZPOPMIN', INDEX)
                redis.call('DEL', key(oldest[1]))
              end
            end
            redis.call('DEL', k)
            redis.call('HSET', k, 'fp', ARGV[6], 'id', ARGV[7], 'exp', now + ttl)
            redis.call('PEXPIRE', k, ttl)
            redis.call('ZADD', INDEX, now + ttl, ARGV[2])
            keep(INDEX, ttl) -- the index outlives every binding it bounds
            return {}
            """;

    /** ARGV: prefix, scope, fingerprint, request_id. Unbinds the scope only if it holds exactly that binding. */
    private static final String UNBIND = PRELUDE + """
            local k = key(ARGV[2])
            local held = redis.call('HMGET', k, 'fp', 'id')
            if held[1] == ARGV[3] and held[2] == ARGV[4] then
              redis.call('DEL', k)
              redis.call('ZREM', INDEX, ARGV[2])
            end
            return {}
            """;

    /** ARGV: prefix, now_ms. Returns {@code {count}} of live bindings. */
    private static final String SIZE = PRELUDE + """
            sweep(tonumber(ARGV[2]))
            return {redis.call('ZCARD', INDEX)}
            """;

    private final RedisConnections redis;
    private final String prefix;
    private final Duration ttl;
    private final long maxKeys;
    private final InstantSource clock;

    RedisIdempotencyKeys(RedisConnections redis, String prefix, Duration ttl, long maxKeys, InstantSource clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.ttl = ttl;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** Binds {@code scope} unless it is bound; returns the binding held (nothing stored) or empty. */
    public Optional<Binding> bindIfAbsent(String scope, Binding binding) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(binding, "binding");
        List<Object> reply = eval(BIND, scope, Long.toString(clock.instant().toEpochMilli()),
                Long.toString(ttl.toMillis()), Long.toString(maxKeys), binding.fingerprint(), binding.requestId());
        return reply.isEmpty()
                ? Optional.empty()
                : Optional.of(new Binding(String.valueOf(reply.get(0)), String.valueOf(reply.get(1))));
    }

    /** Unbinds {@code scope} if it still holds {@code binding}. */
    public void unbind(String scope, Binding binding) {
        eval(UNBIND, scope, binding.fingerprint(), binding.requestId());
    }

    /** Live bindings. */
    public long size() {
        return (Long) eval(SIZE, Long.toString(clock.instant().toEpochMilli())).getFirst();
    }

    private List<Object> eval(String script, String... args) {
        return redis.evalUnder(prefix, script, args);
    }
}
