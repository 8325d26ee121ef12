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
