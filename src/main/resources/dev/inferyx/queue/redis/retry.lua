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
