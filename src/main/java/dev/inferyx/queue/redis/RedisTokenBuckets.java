package dev.inferyx.queue.redis;

import io.lettuce.core.RedisException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Rate-limit token buckets shared by every gateway on one Redis, so N gateways spend one budget per key. Plain
 * numbers only, so this package needs nothing of {@code service}; {@code app} adapts it to
 * {@code service.TokenBuckets}.
 *
 * <p>Each bucket is a hash {@code {p}rl:{key}} (tokens, time of the last take in µs). A take is one Lua script:
 * refill for the time since the last take, then spend a token or refuse; so two gateways racing on one key are
 * serialised by Redis. Time is the caller's (the injected clock, passed in), not Redis {@code TIME}: tests drive
 * it with a fake clock, and a gateway whose clock lags is not refilled backwards. A missing bucket is a full one,
 * so each bucket's real TTL is the time it takes to refill completely plus {@link #TTL_SLACK_MS} (slack for clock
 * skew between gateways and pauses): when it expires, forgetting it changes no answer. Thread-safe.
 */
public final class RedisTokenBuckets {

    static final long TTL_SLACK_MS = 60_000;

    /**
     * ARGV: prefix, key, now_us, rate (tokens/s), burst, slack_ms. Returns {@code {1}} when a token was taken,
     * else {@code {0, tokens}} with the tokens held (< 1) as a string, so the caller computes the wait exactly.
     */
    private static final String TAKE = """
            local k = ARGV[1] .. 'rl:' .. ARGV[2]
            local now, rate, burst = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
            local held = redis.call('HMGET', k, 't', 'at')
            local tokens, at = burst, now
            if held[1] then tokens, at = tonumber(held[1]), tonumber(held[2]) end
            if now > at then
              tokens = math.min(burst, tokens + (now - at) / 1e6 * rate)
              at = now
            end
            if tokens < 1 then return {0, string.format('%.17g', tokens)} end
            tokens = tokens - 1
            redis.call('HSET', k, 't', string.format('%.17g', tokens), 'at', string.format('%.0f', at))
            redis.call('PEXPIRE', k, math.ceil((burst - tokens) / rate * 1000) + tonumber(ARGV[6]))
            return {1}
            """;

    private final RedisConnections redis;
    private final String prefix;

    RedisTokenBuckets(RedisConnections redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /**
     * Takes one token from {@code key}'s bucket at {@code nowMicros} (epoch µs). Empty when taken; otherwise the
     * tokens the bucket holds (< 1).
     *
     * @throws dev.inferyx.core.UnavailableException when Redis cannot answer within the command timeout
     */
    public OptionalDouble tryTake(String key, double ratePerSecond, int burst, long nowMicros) {
        Objects.requireNonNull(key, "key");
        List<Object> reply;
        try {
            reply = redis.eval(TAKE, prefix, key, Long.toString(nowMicros), Double.toString(ratePerSecond),
                    Integer.toString(burst), Long.toString(TTL_SLACK_MS));
        } catch (RedisException e) {
            throw redis.unavailable(e);
        }
        return (Long) reply.getFirst() == 1
                ? OptionalDouble.empty()
                : OptionalDouble.of(Double.parseDouble(String.valueOf(reply.get(1))));
    }
}
