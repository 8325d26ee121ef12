package dev.inferyx.queue.redis;

import dev.inferyx.core.JobId;

/**
 * Every key and channel the backend uses, under one prefix. The Lua scripts build the same names from the
 * prefix (see {@link Scripts}); this class is the Java side of that naming, kept next to it.
 *
 * <pre>
 *   {p}j:{id}                 hash   one job's record                       TTL: unfinished_ttl, then result_ttl
 *   {p}finished               zset   finished job ids by finish time        TTL: >= result_ttl, extended per finish
 *   {p}unfinished             hash   model -> unfinished count               TTL: >= every counted job's record (A)
 *   {p}m:{model}:bands        zset   priorities with a live stream          TTL: >= every job in its bands (B)
 *   {p}m:{model}:q:{priority} stream one priority band, group "workers"     TTL: >= every job in it (B)
 *   {p}m:{model}:bell         stream admission doorbell, MAXLEN 16          TTL: >= the last job it rang for (B)
 *   {p}m:{model}:retry        zset   RETRYING ids by due time (ms)          TTL: >= every job in it (C)
 *   {p}retry:models           set    models with a retry zset               TTL: >= every RETRYING job (C)
 *   {p}dlq                    zset   "model\nid" by dead-letter sequence    TTL: >= every letter (D)
 *   {p}dlq:m:{model}          zset   the model's dead-letter ids, same score TTL: >= every letter (D)
 *   {p}dlq:seq                string the dead-letter sequence                TTL: >= every letter (D)
 *   {p}dl:{id}                hash   one dead letter: the FAILED record     TTL: result_ttl
 *   {p}rc                     zset   result-cache digests by expiry         TTL: >= every entry (E)
 *   {p}rc:{digest}            hash   one cached output (see RedisResultEntries) TTL: cache.ttl
 *   {p}idem                   zset   Idempotency-Key scopes by expiry       TTL: >= every binding (E)
 *   {p}idem:{scope}           hash   one binding (see RedisIdempotencyKeys) TTL: idempotency.ttl
 *   {p}rl:{key}               hash   one rate-limit bucket                  TTL: time to refill + 60 s (RedisTokenBuckets)
 *   {p}fl:{digest}            hash   one in-flight leader                   TTL: the claim's ttl (RedisFlightLeaders)
 *   {p}br:{model}             hash   worker -> "open until:probe until" (ms)  TTL: the latest probe-until (RedisBreakerStates)
 *   {p}br:{model}:probes:{r}  string half-open probes admitted in round r    TTL: the end of the probe time (RedisBreakerStates)
 *   {p}md:{model}             string the model's description (JSON) as a worker publishes it  TTL: 3 heartbeats (RedisModelDescriptions)
 *   {p}workers                zset   live worker processes -> expiry (ms)   TTL: 3 heartbeat intervals
 *   {p}finished               channel  every finished job's record, a JSON array of field, value, ...
 * </pre>
 *
 * <p><b>Why the bookkeeping keys may expire.</b> Each is written only by scripts, and every write that adds what it
 * describes extends its TTL ({@code keep} in {@link Scripts#KEEP}: never shortened, so processes configured with
 * different TTLs cannot cut each other's) to at least the life of what it added. So it expires only once all it
 * described is gone, and nothing that still matters is lost with it:
 * <ul>
 *   <li>(A) {@code unfinished}: each count (admission, replay) extends it to the counted record's remaining TTL,
 *       and a counted job's record never gets a longer one until it is finished (uncounted). So when the hash
 *       expires, every job it counted has a record that expired too; a missing hash counts nothing, and uncounting
 *       never recreates it. Slots of jobs whose records expired unseen are freed: by a claim that meets the entry,
 *       or, when the model has neither a bands zset nor a retry zset (so no live job of it is counted: every live
 *       counted job is in one of them, and both outlive their live jobs), by the next admission, which drops the
 *       model's count before its bound check ({@code STATS} reports such a count as 0).</li>
 *   <li>(B) a band stream, the model's bands zset and its doorbell: each enqueue extends all three to the job
 *       record's remaining TTL, so none expires while a live job has an entry in it, and a band never outlives the
 *       zset that lists it; a claim skips and unlists a band whose stream expired (it held only expired jobs). A stream expiring also ends its group
 *       and the pending entries of expired jobs; the next enqueue creates both again. The doorbell is only a wake-up
 *       signal: a blocked claimer that misses it wakes within a second anyway. So every stream has a TTL too.</li>
 *   <li>(C) the retry zset and {@code retry:models}: each retry extends both to the job's remaining TTL; when they
 *       expire, every job they listed has an expired record, which promotion would only have dropped.</li>
 *   <li>(D) the dead-letter indexes and sequence: each dead letter extends all three to {@code result_ttl}, the
 *       letter's own TTL, so they expire only once every letter has. Sweeps only remove members. A sequence that
 *       expired restarts from the server time in µs, above any sequence handed out before, so an old page cursor
 *       never skips a new letter.</li>
 *   <li>(E) the result-cache and idempotency indexes: each put or bind extends the index to the entry's TTL, so it
 *       outlives every entry it bounds and the count bounds ({@code max_entries}, {@code max_keys}) stay exact.</li>
 * </ul>
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
