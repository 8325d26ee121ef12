package dev.inferyx.queue.redis;

import dev.inferyx.core.JobId;

/**
 * Every key and channel the backend uses, under one prefix. The Lua scripts build the same names from the
 * prefix (see {@link Scripts}); this class is the Java side of that naming, kept next to it.
 *
 * <pre>
 *   {p}j:{id}                 hash   one job's record                      TTL: unfinished_ttl, then result_ttl
 *   {p}finished               zset   finished job ids by finish time       TTL: result_ttl, refreshed per finish
 *   {p}unfinished             hash   model -> unfinished count              no TTL (model-level bookkeeping)
 *   {p}m:{model}:bands        zset   priorities with a live stream          no TTL (model-level bookkeeping)
 *   {p}m:{model}:q:{priority} stream one priority band, group "workers"    no TTL (a stream; deleted when empty)
 *   {p}m:{model}:bell         stream admission doorbell, MAXLEN 16         no TTL (a stream)
 *   {p}m:{model}:retry        zset   RETRYING ids by due time (ms)         no TTL (entries leave when due/finished)
 *   {p}retry:models           set    models with a retry zset              no TTL (gone when no retry waits)
 *   {p}dlq                    zset   "model\nid" by dead-letter sequence   no TTL (swept: result_ttl, dead_letter_max)
 *   {p}dlq:m:{model}          zset   the model's dead-letter ids, same score no TTL (swept with {p}dlq)
 *   {p}dlq:seq                string the dead-letter sequence               no TTL (one counter)
 *   {p}dl:{id}                hash   one dead letter: the FAILED record    TTL: result_ttl
 *   {p}rc                     zset   result-cache digests by expiry        no TTL (swept; max cache.max_entries)
 *   {p}rc:{digest}            hash   one cached output (see RedisResultEntries) TTL: cache.ttl
 *   {p}idem                   zset   Idempotency-Key scopes by expiry      no TTL (swept; max idempotency.max_keys)
 *   {p}idem:{scope}           hash   one binding (see RedisIdempotencyKeys) TTL: idempotency.ttl
 *   {p}workers                zset   live worker processes -> expiry (ms)  TTL: 3 heartbeat intervals
 *   {p}finished               channel  every finished job's record, a JSON array of field, value, ...
 * </pre>
 */
final class RedisKeys {

    static final String GROUP = "workers";

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String job(JobId id) {
        return prefix + "j:" + id.value();
    }

    String bell(String model) {
        return prefix + "m:" + model + ":bell";
    }

    String bands(String model) {
        return prefix + "m:" + model + ":bands";
    }

    String band(String model, int priority) {
        return prefix + "m:" + model + ":q:" + priority;
    }

    String unfinished() {
        return prefix + "unfinished";
    }

    String finished() {
        return prefix + "finished";
    }

    String workers() {
        return prefix + "workers";
    }

    String finishedChannel() {
        return prefix + "finished";
    }
}
