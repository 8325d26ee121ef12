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
