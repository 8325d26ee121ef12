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
