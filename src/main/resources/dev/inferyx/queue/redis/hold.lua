local id, now = ARGV[2], tonumber(ARGV[3])
local key = jobkey(id)
if live_status(key, now) then return {'duplicate'} end
redis.call('DEL', key)
local fields = {}
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', key, 'held', '1', unpack(fields))
redis.call('PEXPIRE', key, ARGV[4])
return {'ok'}
