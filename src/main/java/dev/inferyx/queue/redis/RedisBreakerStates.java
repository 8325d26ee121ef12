package dev.inferyx.queue.redis;

import java.util.List;
import java.util.Objects;

/**
 * Which worker processes hold a model's circuit breaker open or half-open, shared on one Redis so that every gateway
 * refuses admission while the fleet's breaker for that model is open and admits only a bounded number of probe jobs
 * while it is half-open. Plain strings and epoch milliseconds only, so this package needs nothing of {@code retry};
 * {@code app} publishes and reads through it.
 *
 * <p>One hash per model, {@code {p}br:{model}}: worker (its consumer name) -> {@code "until:probe_until"} (epoch ms,
 * by the worker's injected clock). A worker's breaker is open until {@code until} and half-open from then until it
 * publishes a verdict (closed removes the field, a reopening replaces it) or until {@code probe_until}, whichever
 * comes first. Each write also drops fields whose {@code probe_until} is past and sets the key's TTL to the latest
 * {@code probe_until}, so a worker that dies while open or half-open leaves nothing behind once its probe time has
 * passed.
 *
 * <p>The fleet is <b>open</b> while any field is open (until the latest such {@code until}); else <b>half-open</b>
 * while any field is half-open (until the latest such {@code probe_until}); else closed. In half-open each round of
 * probing admits at most a given number of jobs fleet-wide, counted in {@code {p}br:{model}:probes:{round}} (a
 * string, TTL the end of the probe time). A round is named by the latest {@code until} and the number of half-open
 * workers, so a reopening, or one worker of several closing, starts a new round with fresh probe slots.
 * Thread-safe.
 */
public final class RedisBreakerStates {

    /** What the fleet's breaker for one model is, read at one instant. */
    public enum Phase { CLOSED, OPEN, HALF_OPEN }

    /**
     * One reading of the fleet's breaker.
     *
     * @param phase   closed, open or half-open
     * @param untilMs open: when the latest open time ends; half-open: when the latest probe time ends; closed: 0
     * @param probes  half-open: probe slots taken in the current round (including one just taken); else 0
     * @param taken   whether the call that returned this reading took a probe slot
     */
    public record Reading(Phase phase, long untilMs, long probes, boolean taken) {
        public static final Reading CLOSED = new Reading(Phase.CLOSED, 0, 0, false);

        public Reading {
            Objects.requireNonNull(phase, "phase");
        }
    }

    /** ARGV: prefix, model, worker, now_ms, value ({@code until:probe_until}; empty: remove the worker). */
    private static final String PUBLISH = """
            local k = ARGV[1] .. 'br:' .. ARGV[2]
            local now = tonumber(ARGV[4])
            if ARGV[5] == '' then redis.call('HDEL', k, ARGV[3]) else redis.call('HSET', k, ARGV[3], ARGV[5]) end
            local latest = 0
            local all = redis.call('HGETALL', k)
            for i = 1, #all, 2 do
              local _, probeUntil = string.match(all[i + 1], '^(%d+):(%d+)$')
              probeUntil = tonumber(probeUntil or all[i + 1])
              if probeUntil <= now then redis.call('HDEL', k, all[i])
              elseif probeUntil > latest then latest = probeUntil end
            end
            if latest > 0 then redis.call('PEXPIRE', k, latest - now) end
            return {}
            """;

    /**
     * The fleet's phase from the model's hash (ARGV: prefix, model, now_ms, ...): sets {@code phase} (0 closed, 1
     * open, 2 half-open), {@code untilMs} and, in half-open, {@code round} (the probe counter's key). A field
     * without {@code :probe_until} (written before half-open was published) is open until its value and never
     * half-open.
     */
    private static final String PHASE = """
            local k = ARGV[1] .. 'br:' .. ARGV[2]
            local now = tonumber(ARGV[3])
            local openUntil, probeUntil, roundStart, probing = 0, 0, 0, 0
            for _, v in ipairs(redis.call('HVALS', k)) do
              local u, h = string.match(v, '^(%d+):(%d+)$')
              u = tonumber(u or v)
              h = tonumber(h or v)
              if u > now then
                if u > openUntil then openUntil = u end
              elseif h > now then
                probing = probing + 1
                if h > probeUntil then probeUntil = h end
                if u > roundStart then roundStart = u end
              end
            end
            local phase, untilMs, round = 0, 0, nil
            if openUntil > 0 then phase, untilMs = 1, openUntil
            elseif probing > 0 then
              phase, untilMs = 2, probeUntil
              round = k .. ':probes:' .. roundStart .. ':' .. probing
            end
            """;

    /** ARGV: prefix, model, now_ms. Returns {@code {phase, until_ms, probes_taken}}. */
    private static final String READ = PHASE + """
            local taken = 0
            if round then taken = tonumber(redis.call('GET', round) or '0') end
            return {phase, untilMs, taken}
            """;

    /**
     * ARGV: prefix, model, now_ms, limit. Takes a probe slot of the current round if the fleet is half-open and one
     * is left. Returns {@code {phase, until_ms, probes_taken, 1 if taken}}.
     */
    private static final String TAKE_PROBE = PHASE + """
            if not round then return {phase, untilMs, 0, 0} end
            local taken = tonumber(redis.call('GET', round) or '0')
            if taken >= tonumber(ARGV[4]) then return {phase, untilMs, taken, 0} end
            taken = redis.call('INCR', round)
            redis.call('PEXPIRE', round, untilMs - now)
            return {phase, untilMs, taken, 1}
            """;

    private final RedisConnections redis;
    private final String prefix;
    private final String worker;

    RedisBreakerStates(RedisConnections redis, String prefix, String worker) {
        this.redis = redis;
        this.prefix = prefix;
        this.worker = worker;
    }

    /**
     * Records that this process's breaker for {@code model} is open until {@code untilMs} and may then probe until
     * {@code probeUntilMs} (epoch ms; {@code probeUntilMs >= untilMs}).
     */
    public void publishOpen(String model, long untilMs, long probeUntilMs, long nowMs) {
        if (probeUntilMs < untilMs) {
            throw new IllegalArgumentException("probe time must not end (" + probeUntilMs
                    + ") before the open time (" + untilMs + ")");
        }
        eval(PUBLISH, Objects.requireNonNull(model, "model"), worker, Long.toString(nowMs),
                untilMs + ":" + probeUntilMs);
    }

    /** Records that this process's breaker for {@code model} has closed. */
    public void publishClosed(String model, long nowMs) {
        eval(PUBLISH, Objects.requireNonNull(model, "model"), worker, Long.toString(nowMs), "");
    }

    /** The fleet's breaker for {@code model} at {@code nowMs}; takes no probe slot. */
    public Reading read(String model, long nowMs) {
        List<Object> reply = eval(READ, Objects.requireNonNull(model, "model"), Long.toString(nowMs));
        return reading(reply, false);
    }

    /**
     * The fleet's breaker for {@code model} at {@code nowMs}; if it is half-open and fewer than {@code limit} probe
     * jobs were admitted in the current round, takes one ({@link Reading#taken()}). One atomic script call.
     */
    public Reading takeProbe(String model, long nowMs, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("probe limit must be >= 1, was " + limit);
        }
        List<Object> reply = eval(TAKE_PROBE, Objects.requireNonNull(model, "model"), Long.toString(nowMs),
                Integer.toString(limit));
        return reading(reply, (Long) reply.get(3) == 1L);
    }

    private static Reading reading(List<Object> reply, boolean taken) {
        long phase = (Long) reply.get(0);
        if (phase == 0) {
            return Reading.CLOSED;
        }
        return new Reading(phase == 1 ? Phase.OPEN : Phase.HALF_OPEN, (Long) reply.get(1), (Long) reply.get(2),
                taken);
    }

    private List<Object> eval(String script, String... args) {
        return redis.evalUnder(prefix, script, args);
    }
}
