package dev.inferyx.queue.redis;

/**
 * The Lua scripts that make admission, claiming and finishing each one atomic step on the Redis server. Every
 * script takes the key prefix as {@code ARGV[1]} and derives key names as {@link RedisKeys} documents (so it is
 * meant for a single Redis, not a cluster). Times in ARGV are epoch milliseconds from the caller's clock.
 */
final class Scripts {

    private Scripts() {
    }

    /** Naming and the shared terminal step, prepended to every script. */
    private static final String PRELUDE = """
            local P = ARGV[1]
            local GROUP = 'workers'
            local UNFINISHED = P .. 'unfinished'
            local FINISHED = P .. 'finished'
            local function jobkey(id) return P .. 'j:' .. id end
            local function bandkey(model, prio) return P .. 'm:' .. model .. ':q:' .. prio end
            local function bandskey(model) return P .. 'm:' .. model .. ':bands' end
            local function bellkey(model) return P .. 'm:' .. model .. ':bell' end

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

            -- Moves a live job to a terminal state: record, slot, entry, retention, notification.
            local function terminal(id, status, attempts_delta, fields, now, ttl, max_finished)
              local key = jobkey(id)
              local rec = redis.call('HMGET', key, 'model', 'priority', 'stream', 'entry')
              redis.call('HDEL', key, 'stream', 'entry', 'next_attempt', 'cached')
              redis.call('HSET', key, 'status', status, 'expires', now + ttl)
              if #fields > 0 then redis.call('HSET', key, unpack(fields)) end
              if attempts_delta > 0 then redis.call('HINCRBY', key, 'attempts', attempts_delta) end
              redis.call('PEXPIRE', key, ttl)
              redis.call('HINCRBY', UNFINISHED, rec[1], -1)
              release_entry(rec[1], rec[2], rec[3], rec[4])
              redis.call('ZREMRANGEBYSCORE', FINISHED, '-inf', now - ttl)
              redis.call('ZADD', FINISHED, now, id)
              while redis.call('ZCARD', FINISHED) > max_finished do
                local oldest = redis.call('ZPOPMIN', FINISHED)
                redis.call('DEL', jobkey(oldest[1]))
              end
              redis.call('PEXPIRE', FINISHED, ttl)
              -- The record rides along, so a process with waiters need not read it back.
              redis.call('PUBLISH', FINISHED, cjson.encode(redis.call('HGETALL', key)))
            end

            -- A record that retention has dropped (its logical expiry passed) reads as missing.
            local function live_status(key, now)
              local rec = redis.call('HMGET', key, 'status', 'expires')
              if not rec[1] then return false end
              if rec[2] and tonumber(rec[2]) <= now then return false end
              return rec[1]
            end
            """;

    /**
     * ARGV: prefix, id, model, bound, priority, unfinished_ttl_ms, field, value, ... Returns {@code {"ok"}},
     * {@code {"duplicate"}} or {@code {"full", unfinished}}; on anything but ok nothing was written.
     */
    static final String ADMIT = PRELUDE + """
            local id, model, bound, prio = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
            local key = jobkey(id)
            if redis.call('EXISTS', key) == 1 then return {'duplicate'} end
            local unfinished = tonumber(redis.call('HGET', UNFINISHED, model) or '0')
            if unfinished >= bound then return {'full', unfinished} end
            local stream = bandkey(model, prio)
            if redis.call('EXISTS', stream) == 0 then
              redis.call('XGROUP', 'CREATE', stream, GROUP, '0', 'MKSTREAM')
              redis.call('ZADD', bandskey(model), prio, prio)
            end
            local entry = redis.call('XADD', stream, '*', 'j', id)
            local fields = {}
            for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end
            redis.call('HSET', key, 'stream', stream, 'entry', entry, unpack(fields))
            redis.call('PEXPIRE', key, ARGV[6])
            redis.call('HINCRBY', UNFINISHED, model, 1)
            redis.call('XADD', bellkey(model), 'MAXLEN', '16', '*', 'j', id)
            return {'ok'}
            """;

    /**
     * ARGV: prefix, model, consumer, max, visibility_ms, max_deliveries, now_ms, result_ttl_ms, max_finished,
     * now_iso, poison_message. Reclaims entries idle longer than the visibility timeout (failing those delivered
     * max_deliveries times with code poison), then reads new entries, highest priority band first, marking each
     * job PROCESSING. Returns {@code {"jobs", bell_id, record...}}: records as flat HGETALL lists, and the
     * doorbell's last id to block on when there were none.
     */
    static final String CLAIM = PRELUDE + """
            local model, consumer, max = ARGV[2], ARGV[3], tonumber(ARGV[4])
            local vis, max_deliveries, now = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
            local ttl, max_finished = tonumber(ARGV[8]), tonumber(ARGV[9])
            local out = {}
            local poisoned = 0
            local function take(stream, prio, entry_id, fields)
              local id = fields[2]
              local key = jobkey(id)
              local status = redis.call('HGET', key, 'status')
              if not status then
                -- The record outlived its safety TTL: free its slot and entry so the count heals.
                redis.call('HINCRBY', UNFINISHED, model, -1)
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
              local stale = redis.call('XPENDING', stream, GROUP, 'IDLE', vis, '-', '+', max - #out)
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
            local reply = {'jobs', bell, poisoned}
            for _, rec in ipairs(out) do reply[#reply + 1] = rec end
            return reply
            """;

    /**
     * ARGV: prefix, id, allowed_from (",QUEUED,PROCESSING,"), status, attempts_delta, now_ms, result_ttl_ms,
     * max_finished, field, value, ... Returns {@code {"missing"}}, {@code {"noop", record}} (already terminal),
     * {@code {"illegal", record}} (the state machine forbids the move; nothing written) or {@code {"ok", record}}.
     */
    static final String FINISH = PRELUDE + """
            local id, now = ARGV[2], tonumber(ARGV[6])
            local key = jobkey(id)
            local status = live_status(key, now)
            if not status then return {'missing'} end
            if status == 'DONE' or status == 'FAILED' or status == 'EXPIRED' then
              return {'noop', redis.call('HGETALL', key)}
            end
            if not string.find(ARGV[3], ',' .. status .. ',', 1, true) then
              return {'illegal', redis.call('HGETALL', key)}
            end
            local fields = {}
            for i = 9, #ARGV do fields[#fields + 1] = ARGV[i] end
            terminal(id, ARGV[4], tonumber(ARGV[5]), fields, now, tonumber(ARGV[7]), tonumber(ARGV[8]))
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
