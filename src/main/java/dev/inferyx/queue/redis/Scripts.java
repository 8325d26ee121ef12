package dev.inferyx.queue.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts that make admission, claiming and finishing each one atomic step on the Redis server. Every
 * script takes the key prefix as {@code ARGV[1]} and derives key names as {@link RedisKeys} documents (so it is
 * meant for a single Redis, not a cluster). Times in ARGV are epoch milliseconds from the caller's clock.
 */
final class Scripts {

    /** Where the sources live: {@code src/main/resources/dev/inferyx/queue/redis/*.lua}. */
    private static final String RESOURCE_DIR = "dev/inferyx/queue/redis/";

    private Scripts() {
    }

    /**
     * The script source in {@code name}, a resource beside this class (in the jar as on the class path). A missing
     * or unreadable resource fails class initialisation, naming it: the queue cannot run without its scripts.
     */
    static String load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Lua script resource missing from the class path: "
                        + RESOURCE_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script resource " + RESOURCE_DIR + name, e);
        }
    }

    /**
     * {@code keep(key, ttl_ms)}: extends a key's real TTL to at least ttl_ms, never shortens it, and gives a key
     * without one a TTL (keys written before TTLs were kept). Bookkeeping keys call it on every write that adds what
     * they describe, with the life of what they describe, so they outlive it (see {@link RedisKeys}).
     */
    static final String KEEP = load("keep.lua");

    /** Naming and the shared terminal step, prepended to every script. */
    private static final String PRELUDE = KEEP + load("prelude.lua");

    /**
     * ARGV: prefix, id, model, bound, priority, unfinished_ttl_ms, field, value, ... Returns {@code {"ok"}},
     * {@code {"duplicate"}} or {@code {"full", unfinished}}; on anything but ok no job was written (a stale count
     * of the model may have been dropped first: see {@code forget_stale_count}).
     */
    static final String ADMIT = PRELUDE + load("admit.lua");

    /**
     * ARGV: prefix, model, consumer, max, visibility_ms, max_deliveries, now_ms, result_ttl_ms, max_finished,
     * now_iso, poison_message, dead_letter_max. Moves due retries back to their bands, reclaims entries idle longer
     * than the visibility timeout (dead-lettering those delivered max_deliveries times, with code poison), then
     * reads new entries, highest priority band first, marking each job PROCESSING. Returns
     * {@code {"jobs", bell_id, poisoned, next_due_ms, record...}}: records as flat HGETALL lists, the doorbell's
     * last id to block on when there were none, and when the earliest pending retry is due (-1: none).
     */
    static final String CLAIM = PRELUDE + load("claim.lua");

    /**
     * ARGV: prefix, now_ms, result_ttl_ms, max_finished, dead_letter_max, then per job: id, allowed_from
     * (",QUEUED,PROCESSING,"), status, attempts_delta, dead_letter ("1": also add it to the dead-letter queue),
     * field_count, field, value, ... Finishes the jobs in order, each as {@code finish_one}, and announces every
     * job it finished in one PUBLISH. Returns {@code {outcome, record, outcome, record, ...}}, one pair per job:
     * outcome {@code missing} (record empty), {@code noop} (already terminal), {@code illegal} (nothing written)
     * or {@code ok}.
     */
    static final String FINISH_ALL = PRELUDE + load("finish-all.lua");

    /**
     * ARGV: prefix, id, now_ms, next_attempt_ms, field, value, ... (status RETRYING, next_attempt, error). Moves a
     * PROCESSING job to RETRYING: attempts + 1, its stream entry acknowledged, its id in the model's retry zset
     * due at next_attempt_ms or at its deadline ({@code deadline_ms}) if that comes first, so it expires on time; it
     * keeps its admission slot. Promotes it at once when already due, and rings the doorbell so blocked claimers
     * learn the new earliest due time. Returns {@code {"missing"}}, {@code {"noop", record}} (terminal),
     * {@code {"illegal", record}} or {@code {"ok", record}}.
     */
    static final String RETRY = PRELUDE + load("retry.lua");

    /**
     * ARGV: prefix, now_ms, limit. Moves up to limit due RETRYING jobs of every model with retries back to their
     * bands (ringing each model's doorbell), and forgets models left with none. Returns {@code {promoted,
     * next_due_ms}}: how many moved, and when the earliest retry still waiting is due (-1: none). Run by every
     * worker process on a timer, so due retries return to the streams whether or not anyone claims the model;
     * being one script, two processes running it at once never move a job twice.
     */
    static final String PROMOTE_ALL = PRELUDE + load("promote-all.lua");

    /**
     * ARGV: prefix, now_ms (real time, as {@code {p}workers} scores are), min_idle_ms. Deletes from every band's
     * group each consumer that is dead: no live entry in {@code {p}workers}, no pending entry (a dead process's
     * claimed jobs are reclaimed by live workers first), and idle at least min_idle_ms. Deleting a consumer with
     * nothing pending loses nothing, and a live process that was not registered simply reappears at its next
     * read. Returns how many consumers it deleted.
     */
    static final String PRUNE_CONSUMERS = PRELUDE + load("prune-consumers.lua");

    /** ARGV: prefix, model. Makes every RETRYING job of the model due now (QUEUED again). */
    static final String REQUEUE_RETRYING = PRELUDE + load("requeue-retrying.lua");

    /**
     * ARGV: prefix, id, now_ms, result_ttl_ms, max_finished, field, value, ... Stores an already terminal job (a
     * cache hit): retained like any finished job, in no stream, with no slot. Returns {@code {"ok"}} or
     * {@code {"duplicate"}}.
     */
    static final String RECORD = PRELUDE + load("record.lua");

    /**
     * ARGV: prefix, id, now_ms, unfinished_ttl_ms, field, value, ... Stores a QUEUED coalesced follower: in no
     * stream (never claimed) and not counted as unfinished; finish (Shared) ends it. Returns {@code {"ok"}} or
     * {@code {"duplicate"}}.
     */
    static final String HOLD = PRELUDE + load("hold.lua");

    /**
     * ARGV: prefix, model ('' = all), from_seq, limit, now_ms, ttl_ms, max. Returns {@code {next_seq or '',
     * letter...}}: up to limit letters (flat HGETALL lists) with sequence >= from_seq, oldest first.
     */
    static final String DL_LIST = PRELUDE + load("dl-list.lua");

    /** ARGV: prefix, id, now_ms, ttl_ms, max. Returns the letter as a flat HGETALL list (empty: none). */
    static final String DL_FIND = PRELUDE + load("dl-find.lua");

    /** ARGV: prefix, model ('' = all), now_ms, ttl_ms, max. Returns the ids held, oldest first. */
    static final String DL_IDS = PRELUDE + load("dl-ids.lua");

    /** ARGV: prefix, model, now_ms, ttl_ms, max. Returns how many letters the model has. */
    static final String DL_COUNT = PRELUDE + load("dl-count.lua");

    /** ARGV: prefix, id, now_ms, ttl_ms, max. Drops one letter (the job stays FAILED); returns 1, or 0 if none. */
    static final String DL_DROP = PRELUDE + load("dl-drop.lua");

    /**
     * ARGV: prefix, id, now_ms, ttl_ms, max, unfinished_ttl_ms, field, value, ... (the replayed record: QUEUED,
     * attempts 0). Atomically takes the letter out and queues the job again, taking an admission slot (replays are
     * not bounded by it). Returns {@code {"missing"}} or {@code {"ok", record}}.
     */
    static final String DL_REPLAY = PRELUDE + load("dl-replay.lua");

    /** ARGV: prefix, model. Returns {@code {queued, unfinished}}; queued = undelivered entries over all bands. */
    static final String STATS = PRELUDE + load("stats.lua");

    /** ARGV: prefix, now_ms, result_ttl_ms. Returns the number of live records: unfinished + finished in TTL. */
    static final String SIZE = PRELUDE + load("size.lua");
}
