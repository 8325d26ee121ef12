package dev.inferyx.queue.redis;

/**
 * The Lua scripts that make admission, claiming and finishing each one atomic step on the Redis server. Every
 * script takes the key prefix as {@code ARGV[1]} and derives key names as {@link RedisKeys} documents (so it is
 * meant for a single Redis, not a cluster). Times in ARGV are epoch milliseconds from the caller's clock.
 */
final class Scripts {

    private Scripts() {
    }

    /**
     * {@code keep(key, ttl_ms)}: extends a key's real TTL to at least ttl_ms, never shortens it, and gives a key
     * without one a TTL (keys written before TTLs were kept). Bookkeeping keys call it on every write that adds what
     * they describe, with the life of what they describe, so they outlive it (see {@link RedisKeys}).
     */
    static final String KEEP = """
            local function keep(key, ttl)
              ttl = tonumber(ttl)
              if not ttl or ttl < 1 then return end
              local left = redis.call('PTTL', key)
              if left == -1 or (left >= 0 and left < ttl) then redis.call('PEXPIRE', key, ttl) end
            end
            """;

    /** Naming and the shared terminal step, prepended to every script. */
    private static final String PRELUDE = KEEP + """
            local P = ARGV[1]
            local GROUP = 'workers'
            local UNFINISHED = P .. 'unfinished'
            local FINISHED = P .. 'finished'
            local function jobkey(id) return P .. 'j:' .. id end
            local function bandkey(model, prio) return P .. 'm:' .. model .. ':q:' .. prio end
            local function bandskey(model) return P .. 'm:' .. model .. ':bands' end
            local function bellkey(model) return P .. 'm:' .. model .. ':bell' end
            local function retrykey(model) return P .. 'm:' .. model .. ':retry' end
            local RETRY_MODELS = P .. 'retry:models'
            local DLQ = P .. 'dlq'
            local function dlqmodelkey(model) return P .. 'dlq:m:' .. model end
            local function letterkey(id) return P .. 'dl:' .. id end

            -- The admission count. Each count extends the hash's TTL to the counted record's, so the hash outlives every
            -- job it counts; a missing hash counts nothing, so uncounting never recreates it (without a TTL).
            local function count(model, key)
              redis.call('HINCRBY', UNFINISHED, model, 1)
              keep(UNFINISHED, redis.call('PTTL', key))
            end
            local function uncount(model)
              if redis.call('EXISTS', UNFINISHED) == 1 then redis.call('HINCRBY', UNFINISHED, model, -1) end
            end
            -- Every live counted job is QUEUED or PROCESSING in a band listed in the bands zset, or RETRYING in the
            -- retry zset; both outlive their live members. With neither, what the model still counts are slots of
            -- jobs whose records expired unseen (in a stream or retry set that expired with them): none is live.
            local function counts_nothing_live(model)
              return redis.call('EXISTS', bandskey(model)) == 0 and redis.call('EXISTS', retrykey(model)) == 0
            end
            local function forget_stale_count(model)
              if counts_nothing_live(model) then redis.call('HDEL', UNFINISHED, model) end
            end

            -- Acknowledges and deletes a job's stream entry; drops the band stream once it is empty.
            local function release_entry(model, prio, stream, entry)
              if not stream or redis.call('EXISTS', stream) == 0 then return end
              if entry then
                redis.call('XACK', stream, GROUP, entry)
                redis.call('XDEL', stream, entry)
              end
              if redis.call('XLEN', stream) == 0 and tonumber(redis.call('XPENDING', stream, GROUP)[1]) == 0 then
                redis.call('DEL', stream)
                redis.call('ZREM', bandskey(model), prio)
              end
            end

            -- Keeps a finished job readable for ttl, and at most max_finished of them (oldest finished dropped first).
            local function retain(id, now, ttl, max_finished)
              redis.call('PEXPIRE', jobkey(id), ttl)
              redis.call('ZREMRANGEBYSCORE', FINISHED, '-inf', now - ttl)
              redis.call('ZADD', FINISHED, now, id)
              while redis.call('ZCARD', FINISHED) > max_finished do
                local oldest = redis.call('ZPOPMIN', FINISHED)
                redis.call('DEL', jobkey(oldest[1]))
              end
              keep(FINISHED, ttl) -- never shortened: a process with a shorter result_ttl keeps others' records indexed
            end

            -- Records finished in this script call, announced together by announce() (one PUBLISH per call).
            local FINISHED_NOW = {}
            local function announce()
              -- The records ride along, so a process with waiters need not read them back.
              if #FINISHED_NOW > 0 then redis.call('PUBLISH', FINISHED, cjson.encode(FINISHED_NOW)) end
            end

            -- Moves a live job to a terminal state: record, slot (a held follower has none), entry or retry
            -- timer, retention; queued for announce(), which the calling script runs before it returns.
            local function terminal(id, status, attempts_delta, fields, now, ttl, max_finished)
              local key = jobkey(id)
              local rec = redis.call('HMGET', key, 'model', 'priority', 'stream', 'entry', 'held')
              redis.call('HDEL', key, 'stream', 'entry', 'next_attempt', 'cached', 'held')
              redis.call('HSET', key, 'status', status, 'expires', now + ttl)
              if #fields > 0 then redis.call('HSET', key, unpack(fields)) end
              if attempts_delta > 0 then redis.call('HINCRBY', key, 'attempts', attempts_delta) end
              if not rec[5] then uncount(rec[1]) end
              release_entry(rec[1], rec[2], rec[3], rec[4])
              redis.call('ZREM', retrykey(rec[1]), id)
              retain(id, now, ttl, max_finished)
              FINISHED_NOW[#FINISHED_NOW + 1] = redis.call('HGETALL', key)
            end

            -- Appends a job to its priority band's stream (created on first use) and rings the model's doorbell.
            -- The band stream, the bands zset and the doorbell are kept for the job record's remaining life, so
            -- none expires while a live job has an entry in it (and each band expires before its zset).
            local function enqueue(key, model, prio, id)
              local stream = bandkey(model, prio)
              local life = redis.call('PTTL', key)
              if redis.call('EXISTS', stream) == 0 then
                redis.call('XGROUP', 'CREATE', stream, GROUP, '0', 'MKSTREAM')
                redis.call('ZADD', bandskey(model), prio, prio)
              end
              local entry = redis.call('XADD', stream, '*', 'j', id)
              redis.call('HSET', key, 'stream', stream, 'entry', entry)
              keep(stream, life)
              keep(bandskey(model), life)
              redis.call('XADD', bellkey(model), 'MAXLEN', '16', '*', 'j', id)
              keep(bellkey(model), life)
            end

            -- Moves up to limit RETRYING jobs of model due by upto back to their band, earliest due first, and
            -- returns how many it moved. Costs O(log n) per due job: nothing that is not due is read.
            local function promote_due(model, upto, limit)
              local due = redis.call('ZRANGEBYSCORE', retrykey(model), '-inf', upto, 'LIMIT', 0, limit)
              local moved = 0
              for _, id in ipairs(due) do
                redis.call('ZREM', retrykey(model), id)
                local key = jobkey(id)
                local rec = redis.call('HMGET', key, 'status', 'priority')
                if rec[1] == 'RETRYING' then
                  redis.call('HSET', key, 'status', 'QUEUED')
                  redis.call('HDEL', key, 'next_attempt')
                  enqueue(key, model, rec[2], id)
                  moved = moved + 1
                end
              end
              return moved
            end

            -- Dead letters: DLQ orders "model\\nid" members by a sequence number (the page cursor), a zset per
            -- model orders ids the same way, and each letter is a hash copy of the record with a real TTL.
            local function split_member(m) return string.match(m, '^(.*)\\n([^\\n]*)$') end
            local function drop_letter(model, id)
              redis.call('ZREM', DLQ, model .. '\\n' .. id)
              redis.call('ZREM', dlqmodelkey(model), id)
              redis.call('DEL', letterkey(id))
            end
            -- Drops letters past their TTL (by the callers' clock) or beyond max, oldest first: all share one
            -- TTL, so only expired ones are read.
            local function sweep_letters(now, ttl, max)
              while true do
                local oldest = redis.call('ZRANGE', DLQ, 0, 0)
                if not oldest[1] then return end
                local model, id = split_member(oldest[1])
                local at = redis.call('HGET', letterkey(id), 'dl_at')
                if at and redis.call('ZCARD', DLQ) <= max and tonumber(at) + ttl > now then return end
                drop_letter(model, id)
              end
            end
            -- The sequence and both indexes are kept as long as the letter: when they expire no letter is left.
            -- A sequence that expired restarts above every earlier one (server time in µs), so a cursor handed out
            -- before never skips a later letter.
            local function add_letter(id, model, now, ttl, max)
              local seqkey = DLQ .. ':seq'
              if redis.call('EXISTS', seqkey) == 0 then
                local t = redis.call('TIME')
                redis.call('SET', seqkey, t[1] .. string.format('%06d', tonumber(t[2])))
              end
              local seq = redis.call('INCR', seqkey)
              local letter = letterkey(id)
              redis.call('DEL', letter)
              redis.call('HSET', letter, unpack(redis.call('HGETALL', jobkey(id))))
              redis.call('HDEL', letter, 'expires')
              redis.call('HSET', letter, 'dl_at', now)
              redis.call('PEXPIRE', letter, ttl)
              redis.call('ZADD', DLQ, seq, model .. '\\n' .. id)
              redis.call('ZADD', dlqmodelkey(model), seq, id)
              keep(seqkey, ttl)
              keep(DLQ, ttl)
              keep(dlqmodelkey(model), ttl)
              sweep_letters(now, ttl, max)
            end

            -- A record that retention has dropped (its logical expiry passed) reads as missing.
            local function live_status(key, now)
              local rec = redis.call('HMGET', key, 'status', 'expires')
              if not rec[1] then return false end
              if rec[2] and tonumber(rec[2]) <= now then return false end
              return rec[1]
            end

            -- One job's finish: 'missing', 'noop' (already terminal: left as it is), 'illegal' (the state machine
            -- forbids the move from its status; nothing written) or 'ok'; with the record now held.
            local function finish_one(id, allowed_from, status, attempts_delta, dead_letter, fields, now, ttl,
                                      max_finished, dead_letter_max)
              local key = jobkey(id)
              local current = live_status(key, now)
              if not current then return 'missing', {} end
              if current == 'DONE' or current == 'FAILED' or current == 'EXPIRED' then
                return 'noop', redis.call('HGETALL', key)
              end
              if not string.find(allowed_from, ',' .. current .. ',', 1, true) then
                return 'illegal', redis.call('HGETALL', key)
              end
              local model = redis.call('HGET', key, 'model')
              terminal(id, status, attempts_delta, fields, now, ttl, max_finished)
              if dead_letter == '1' then add_letter(id, model, now, ttl, dead_letter_max) end
              return 'ok', redis.call('HGETALL', key)
            end
            """;

    /**
     * ARGV: prefix, id, model, bound, priority, unfinished_ttl_ms, field, value, ... Returns {@code {"ok"}},
     * {@code {"duplicate"}} or {@code {"full", unfinished}}; on anything but ok no job was written (a stale count
     * of the model may have been dropped first: see {@code forget_stale_count}).
     */
    static final String ADMIT = PRELUDE + """
            local id, model, bound, prio = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
            local key = jobkey(id)
            if redis.call('EXISTS', key) == 1 then return {'duplicate'} end
            local unfinished = tonumber(redis.call('HGET', UNFINISHED, model) or '0')
            if unfinished ~= 0 and counts_nothing_live(model) then
              forget_stale_count(model)
              unfinished = 0
            end
            if unfinished >= bound then return {'full', unfinished} end
            local fields = {}
            for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('HSET', key, unpack(fields))
            redis.call('PEXPIRE', key, ARGV[6])
            count(model, key)
            enqueue(key, model, prio, id)
            return {'ok'}
            """;

    /**
     * ARGV: prefix, model, consumer, max, visibility_ms, max_deliveries, now_ms, result_ttl_ms, max_finished,
     * now_iso, poison_message, dead_letter_max. Moves due retries back to their bands, reclaims entries idle longer
     * than the visibility timeout (dead-lettering those delivered max_deliveries times, with code poison), then
     * reads new entries, highest priority band first, marking each job PROCESSING. Returns
     * {@code {"jobs", bell_id, poisoned, next_due_ms, record...}}: records as flat HGETALL lists, the doorbell's
     * last id to block on when there were none, and when the earliest pending retry is due (-1: none).
     */
    static final String CLAIM = PRELUDE + """
            local model, consumer, max = ARGV[2], ARGV[3], tonumber(ARGV[4])
            local vis, max_deliveries, now = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
            local ttl, max_finished = tonumber(ARGV[8]), tonumber(ARGV[9])
            local out = {}
            local poisoned = 0
            promote_due(model, now, 1000)
            local function take(stream, prio, entry_id, fields)
              local id = fields[2]
              local key = jobkey(id)
              local status = redis.call('HGET', key, 'status')
              if not status then
                -- The record outlived its safety TTL: free its slot and entry so the count heals.
                uncount(model)
                release_entry(model, prio, stream, entry_id)
                return
              end
              if status == 'QUEUED' then
                redis.call('HSET', key, 'status', 'PROCESSING')
              elseif status ~= 'PROCESSING' then
                release_entry(model, prio, stream, entry_id)
                return
              end
              out[#out + 1] = redis.call('HGETALL', key)
            end
            local bands = redis.call('ZREVRANGE', bandskey(model), 0, -1)
            for _, prio in ipairs(bands) do
              if #out >= max then break end
              local stream = bandkey(model, prio)
              local stale = {}
              if redis.call('EXISTS', stream) == 1 then
                stale = redis.call('XPENDING', stream, GROUP, 'IDLE', vis, '-', '+', max - #out)
              else
                -- Its stream expired, so it held only expired jobs: unlist it (the next enqueue lists it again), so
                -- that a model with nothing live has no bands zset and its stale count is dropped.
                redis.call('ZREM', bandskey(model), prio)
              end
              for _, p in ipairs(stale) do
                local entry_id, deliveries = p[1], tonumber(p[4])
                local claimed = redis.call('XCLAIM', stream, GROUP, consumer, vis, entry_id)
                local e = claimed[1]
                if type(e) == 'table' and type(e[2]) == 'table' then
                  local id = e[2][2]
                  local status = redis.call('HGET', jobkey(id), 'status')
                  if deliveries >= max_deliveries and (status == 'QUEUED' or status == 'PROCESSING') then
                    poisoned = poisoned + 1
                    terminal(id, 'FAILED', 0, {'error_code', 'poison', 'error_message',
                      ARGV[11] .. ' (' .. deliveries .. ' deliveries)', 'finished', ARGV[10]}, now, ttl, max_finished)
                    add_letter(id, model, now, ttl, tonumber(ARGV[12]))
                  else
                    take(stream, prio, entry_id, e[2])
                  end
                end
              end
            end
            for _, prio in ipairs(bands) do
              local stream = bandkey(model, prio)
              while #out < max and redis.call('EXISTS', stream) == 1 do
                local r = redis.call('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', max - #out,
                  'STREAMS', stream, '>')
                if not r then break end
                for _, e in ipairs(r[1][2]) do take(stream, prio, e[1], e[2]) end
              end
            end
            local bell = '0-0'
            if #out == 0 then
              local last = redis.call('XREVRANGE', bellkey(model), '+', '-', 'COUNT', 1)
              if last[1] then bell = last[1][1] end
            end
            local next_due = -1
            local first = redis.call('ZRANGE', retrykey(model), 0, 0, 'WITHSCORES')
            if first[2] then next_due = tonumber(first[2]) end
            announce()
            local reply = {'jobs', bell, poisoned, next_due}
            for _, rec in ipairs(out) do reply[#reply + 1] = rec end
            return reply
            """;

    /**
     * ARGV: prefix, now_ms, result_ttl_ms, max_finished, dead_letter_max, then per job: id, allowed_from
     * (",QUEUED,PROCESSING,"), status, attempts_delta, dead_letter ("1": also add it to the dead-letter queue),
     * field_count, field, value, ... Finishes the jobs in order, each as {@code finish_one}, and announces every
     * job it finished in one PUBLISH. Returns {@code {outcome, record, outcome, record, ...}}, one pair per job:
     * outcome {@code missing} (record empty), {@code noop} (already terminal), {@code illegal} (nothing written)
     * or {@code ok}.
     */
    static final String FINISH_ALL = PRELUDE + """
            local now, ttl, max_finished, dl_max = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
            local reply = {}
            local i = 6
            while i <= #ARGV do
              local n = tonumber(ARGV[i + 5])
              local fields = {}
              for k = i + 6, i + 5 + n do fields[#fields + 1] = ARGV[k] end
              local outcome, rec = finish_one(ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]), ARGV[i + 4],
                fields, now, ttl, max_finished, tonumber(dl_max))
              reply[#reply + 1] = outcome
              reply[#reply + 1] = rec
              i = i + 6 + n
            end
            announce()
            return reply
            """;

    /**
     * ARGV: prefix, id, now_ms, next_attempt_ms, field, value, ... (status RETRYING, next_attempt, error). Moves a
     * PROCESSING job to RETRYING: attempts + 1, its stream entry acknowledged, its id in the model's retry zset
     * due at next_attempt_ms or at its deadline ({@code deadline_ms}) if that comes first, so it expires on time; it
     * keeps its admission slot. Promotes it at once when already due, and rings the doorbell so blocked claimers
     * learn the new earliest due time. Returns {@code {"missing"}}, {@code {"noop", record}} (terminal),
     * {@code {"illegal", record}} or {@code {"ok", record}}.
     */
    static final String RETRY = PRELUDE + """
            local id, now, due = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
            local key = jobkey(id)
            local status = live_status(key, now)
            if not status then return {'missing'} end
            if status == 'DONE' or status == 'FAILED' or status == 'EXPIRED' then
              return {'noop', redis.call('HGETALL', key)}
            end
            if status ~= 'PROCESSING' then return {'illegal', redis.call('HGETALL', key)} end
            local rec = redis.call('HMGET', key, 'model', 'priority', 'stream', 'entry', 'deadline_ms')
            if rec[5] and tonumber(rec[5]) < due then due = tonumber(rec[5]) end
            release_entry(rec[1], rec[2], rec[3], rec[4])
            redis.call('HDEL', key, 'stream', 'entry', 'output', 'output_embedding', 'output_tensors', 'finished')
            local fields = {}
            for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('HSET', key, unpack(fields))
            redis.call('HINCRBY', key, 'attempts', 1)
            -- The retry zset and the model set are kept for the record's remaining life (see RedisKeys).
            local life = redis.call('PTTL', key)
            redis.call('ZADD', retrykey(rec[1]), due, id)
            keep(retrykey(rec[1]), life)
            redis.call('SADD', RETRY_MODELS, rec[1])
            keep(RETRY_MODELS, life)
            promote_due(rec[1], now, 1000)
            redis.call('XADD', bellkey(rec[1]), 'MAXLEN', '16', '*', 'r', id)
            keep(bellkey(rec[1]), life)
            return {'ok', redis.call('HGETALL', key)}
            """;

    /**
     * ARGV: prefix, now_ms, limit. Moves up to limit due RETRYING jobs of every model with retries back to their
     * bands (ringing each model's doorbell), and forgets models left with none. Returns {@code {promoted,
     * next_due_ms}}: how many moved, and when the earliest retry still waiting is due (-1: none). Run by every
     * worker process on a timer, so due retries return to the streams whether or not anyone claims the model;
     * being one script, two processes running it at once never move a job twice.
     */
    static final String PROMOTE_ALL = PRELUDE + """
            local now, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
            local promoted = 0
            local next_due = -1
            for _, model in ipairs(redis.call('SMEMBERS', RETRY_MODELS)) do
              if promoted < limit then promoted = promoted + promote_due(model, now, limit - promoted) end
              local first = redis.call('ZRANGE', retrykey(model), 0, 0, 'WITHSCORES')
              if not first[2] then
                redis.call('SREM', RETRY_MODELS, model)
              elseif next_due < 0 or tonumber(first[2]) < next_due then
                next_due = tonumber(first[2])
              end
            end
            return {promoted, next_due}
            """;

    /**
     * ARGV: prefix, now_ms (real time, as {@code {p}workers} scores are), min_idle_ms. Deletes from every band's
     * group each consumer that is dead: no live entry in {@code {p}workers}, no pending entry (a dead process's
     * claimed jobs are reclaimed by live workers first), and idle at least min_idle_ms. Deleting a consumer with
     * nothing pending loses nothing, and a live process that was not registered simply reappears at its next
     * read. Returns how many consumers it deleted.
     */
    static final String PRUNE_CONSUMERS = PRELUDE + """
            local now, min_idle = tonumber(ARGV[2]), tonumber(ARGV[3])
            local workers = P .. 'workers'
            local removed = 0
            for _, model in ipairs(redis.call('HKEYS', UNFINISHED)) do
              for _, prio in ipairs(redis.call('ZRANGE', bandskey(model), 0, -1)) do
                local stream = bandkey(model, prio)
                if redis.call('EXISTS', stream) == 1 then
                  for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', stream, GROUP)) do
                    local info = {}
                    for i = 1, #c, 2 do info[c[i]] = c[i + 1] end
                    local expiry = redis.call('ZSCORE', workers, info['name'])
                    local live = expiry and tonumber(expiry) > now
                    if not live and tonumber(info['pending']) == 0 and tonumber(info['idle']) >= min_idle then
                      redis.call('XGROUP', 'DELCONSUMER', stream, GROUP, info['name'])
                      removed = removed + 1
                    end
                  end
                end
              end
            end
            return removed
            """;

    /** ARGV: prefix, model. Makes every RETRYING job of the model due now (QUEUED again). */
    static final String REQUEUE_RETRYING = PRELUDE + """
            promote_due(ARGV[2], '+inf', -1)
            return {1}
            """;

    /**
     * ARGV: prefix, id, now_ms, result_ttl_ms, max_finished, field, value, ... Stores an already terminal job (a
     * cache hit): retained like any finished job, in no stream, with no slot. Returns {@code {"ok"}} or
     * {@code {"duplicate"}}.
     */
    static final String RECORD = PRELUDE + """
            local id, now = ARGV[2], tonumber(ARGV[3])
            local key = jobkey(id)
            if live_status(key, now) then return {'duplicate'} end
            redis.call('DEL', key)
            local fields = {}
            for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('HSET', key, 'expires', now + tonumber(ARGV[4]), unpack(fields))
            retain(id, now, tonumber(ARGV[4]), tonumber(ARGV[5]))
            return {'ok'}
            """;

    /**
     * ARGV: prefix, id, now_ms, unfinished_ttl_ms, field, value, ... Stores a QUEUED coalesced follower: in no
     * stream (never claimed) and not counted as unfinished; finish (Shared) ends it. Returns {@code {"ok"}} or
     * {@code {"duplicate"}}.
     */
    static final String HOLD = PRELUDE + """
            local id, now = ARGV[2], tonumber(ARGV[3])
            local key = jobkey(id)
            if live_status(key, now) then return {'duplicate'} end
            redis.call('DEL', key)
            local fields = {}
            for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('HSET', key, 'held', '1', unpack(fields))
            redis.call('PEXPIRE', key, ARGV[4])
            return {'ok'}
            """;

    /**
     * ARGV: prefix, model ('' = all), from_seq, limit, now_ms, ttl_ms, max. Returns {@code {next_seq or '',
     * letter...}}: up to limit letters (flat HGETALL lists) with sequence >= from_seq, oldest first.
     */
    static final String DL_LIST = PRELUDE + """
            local model, limit, now = ARGV[2], tonumber(ARGV[4]), tonumber(ARGV[5])
            sweep_letters(now, tonumber(ARGV[6]), tonumber(ARGV[7]))
            local zkey = DLQ
            if model ~= '' then zkey = dlqmodelkey(model) end
            local entries = redis.call('ZRANGEBYSCORE', zkey, ARGV[3], '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1)
            local reply = {''}
            local n = 0
            for i = 1, #entries, 2 do
              local id = entries[i]
              if model == '' then local _, only = split_member(entries[i]); id = only end
              if n == limit then reply[1] = entries[i + 1]; break end
              local letter = redis.call('HGETALL', letterkey(id))
              if #letter > 0 then reply[#reply + 1] = letter end
              n = n + 1
            end
            return reply
            """;

    /** ARGV: prefix, id, now_ms, ttl_ms, max. Returns the letter as a flat HGETALL list (empty: none). */
    static final String DL_FIND = PRELUDE + """
            sweep_letters(tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
            return redis.call('HGETALL', letterkey(ARGV[2]))
            """;

    /** ARGV: prefix, model ('' = all), now_ms, ttl_ms, max. Returns the ids held, oldest first. */
    static final String DL_IDS = PRELUDE + """
            sweep_letters(tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
            if ARGV[2] ~= '' then return redis.call('ZRANGE', dlqmodelkey(ARGV[2]), 0, -1) end
            local ids = {}
            for _, m in ipairs(redis.call('ZRANGE', DLQ, 0, -1)) do
              local _, id = split_member(m)
              ids[#ids + 1] = id
            end
            return ids
            """;

    /** ARGV: prefix, model, now_ms, ttl_ms, max. Returns how many letters the model has. */
    static final String DL_COUNT = PRELUDE + """
            sweep_letters(tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
            return {redis.call('ZCARD', dlqmodelkey(ARGV[2]))}
            """;

    /** ARGV: prefix, id, now_ms, ttl_ms, max. Drops one letter (the job stays FAILED); returns 1, or 0 if none. */
    static final String DL_DROP = PRELUDE + """
            sweep_letters(tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
            local model = redis.call('HGET', letterkey(ARGV[2]), 'model')
            if not model then return {0} end
            drop_letter(model, ARGV[2])
            return {1}
            """;

    /**
     * ARGV: prefix, id, now_ms, ttl_ms, max, unfinished_ttl_ms, field, value, ... (the replayed record: QUEUED,
     * attempts 0). Atomically takes the letter out and queues the job again, taking an admission slot (replays are
     * not bounded by it). Returns {@code {"missing"}} or {@code {"ok", record}}.
     */
    static final String DL_REPLAY = PRELUDE + """
            local id, now = ARGV[2], tonumber(ARGV[3])
            sweep_letters(now, tonumber(ARGV[4]), tonumber(ARGV[5]))
            local letter = redis.call('HMGET', letterkey(id), 'model', 'priority')
            if not letter[1] then return {'missing'} end
            local model, prio = letter[1], letter[2]
            drop_letter(model, id)
            local key = jobkey(id)
            redis.call('DEL', key)
            redis.call('ZREM', FINISHED, id)
            local fields = {}
            for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('HSET', key, unpack(fields))
            redis.call('PEXPIRE', key, ARGV[6])
            forget_stale_count(model)
            count(model, key)
            enqueue(key, model, prio, id)
            return {'ok', redis.call('HGETALL', key)}
            """;

    /** ARGV: prefix, model. Returns {@code {queued, unfinished}}; queued = undelivered entries over all bands. */
    static final String STATS = PRELUDE + """
            local model = ARGV[2]
            local queued = 0
            for _, prio in ipairs(redis.call('ZRANGE', bandskey(model), 0, -1)) do
              local stream = bandkey(model, prio)
              if redis.call('EXISTS', stream) == 1 then
                queued = queued + redis.call('XLEN', stream) - tonumber(redis.call('XPENDING', stream, GROUP)[1])
              end
            end
            local unfinished = tonumber(redis.call('HGET', UNFINISHED, model) or '0')
            if counts_nothing_live(model) then unfinished = 0 end
            return {math.max(queued, 0), math.max(unfinished, 0)}
            """;

    /** ARGV: prefix, now_ms, result_ttl_ms. Returns the number of live records: unfinished + finished in TTL. */
    static final String SIZE = PRELUDE + """
            local total = 0
            for _, v in ipairs(redis.call('HVALS', UNFINISHED)) do total = total + math.max(tonumber(v), 0) end
            local horizon = tonumber(ARGV[2]) - tonumber(ARGV[3])
            return total + redis.call('ZCOUNT', FINISHED, '(' .. horizon, '+inf')
            """;
}
