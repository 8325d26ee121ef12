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

-- Dead letters: DLQ orders "model\nid" members by a sequence number (the page cursor), a zset per
-- model orders ids the same way, and each letter is a hash copy of the record with a real TTL.
local function split_member(m) return string.match(m, '^(.*)\n([^\n]*)$') end
local function drop_letter(model, id)
  redis.call('ZREM', DLQ, model .. '\n' .. id)
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
  redis.call('ZADD', DLQ, seq, model .. '\n' .. id)
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
