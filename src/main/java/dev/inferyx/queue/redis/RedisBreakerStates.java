package dev.inferyx.queue.redis;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Which worker processes hold a model's circuit breaker open, shared on one Redis so that every gateway refuses
 * admission while the fleet's breaker for that model is open. Plain strings and epoch milliseconds only, so this
 * package needs nothing of {@code retry}; {@code app} publishes and reads through it.
 *
 * <p>One hash per model, {@code {p}br:{model}}: worker (its consumer name) -> the instant its breaker stops being
 * open (epoch ms, by the worker's injected clock). A worker sets its field when its breaker opens and removes it
 * when the breaker leaves open; each write also drops fields already past and sets the key's TTL to the latest
 * instant still ahead, so a worker that dies while open leaves nothing behind once its open time has passed.
 * Thread-safe.
 */
public final class RedisBreakerStates {

    /** ARGV: prefix, model, worker, now_ms, until_ms (empty: remove the worker). Returns {@code {}}. */
    private static final String PUBLISH = """
            local k = ARGV[1] .. 'br:' .. ARGV[2]
            local now = tonumber(ARGV[4])
            if ARGV[5] == '' then redis.call('HDEL', k, ARGV[3]) else redis.call('HSET', k, ARGV[3], ARGV[5]) end
            local latest = 0
            local all = redis.call('HGETALL', k)
            for i = 1, #all, 2 do
              local untilMs = tonumber(all[i + 1])
              if untilMs <= now then redis.call('HDEL', k, all[i]) elseif untilMs > latest then latest = untilMs end
            end
            if latest > 0 then redis.call('PEXPIRE', k, latest - now) end
            return {}
            """;

    /** ARGV: prefix, model, now_ms. Returns {@code {until_ms}} of the latest open breaker, or {@code {}}. */
    private static final String OPEN_UNTIL = """
            local now, latest = tonumber(ARGV[3]), 0
            for _, v in ipairs(redis.call('HVALS', ARGV[1] .. 'br:' .. ARGV[2])) do
              local untilMs = tonumber(v)
              if untilMs > now and untilMs > latest then latest = untilMs end
            end
            if latest > 0 then return {latest} end
            return {}
            """;

    private final RedisConnections redis;
    private final String prefix;
    private final String worker;

    RedisBreakerStates(RedisConnections redis, String prefix, String worker) {
        this.redis = redis;
        this.prefix = prefix;
        this.worker = worker;
    }

    /** Records that this process's breaker for {@code model} is open until {@code untilMs} (epoch ms). */
    public void publishOpen(String model, long untilMs, long nowMs) {
        eval(PUBLISH, Objects.requireNonNull(model, "model"), worker, Long.toString(nowMs), Long.toString(untilMs));
    }

    /** Records that this process's breaker for {@code model} is no longer open. */
    public void publishNotOpen(String model, long nowMs) {
        eval(PUBLISH, Objects.requireNonNull(model, "model"), worker, Long.toString(nowMs), "");
    }

    /** The latest instant (epoch ms) until which some worker holds {@code model}'s breaker open, if any is. */
    public OptionalLong openUntil(String model, long nowMs) {
        List<Object> reply = eval(OPEN_UNTIL, Objects.requireNonNull(model, "model"), Long.toString(nowMs));
        return reply.isEmpty() ? OptionalLong.empty() : OptionalLong.of((Long) reply.getFirst());
    }

    private List<Object> eval(String script, String... args) {
        return redis.evalUnder(prefix, script, args);
    }
}
