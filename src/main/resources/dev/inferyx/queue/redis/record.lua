local id, now = ARGV[2], tonumber(ARGV[3])
local key = jobkey(id)
if live_status(key, now) then return {'duplicate'} end
redis.call('DEL', key)
local fields = {}
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', key, 'expires', now + tonumber(ARGV[4]), unpack(fields))
retain(id, now, tonumber(ARGV[4]), tonumber(ARGV[5]))
return {'ok'}
