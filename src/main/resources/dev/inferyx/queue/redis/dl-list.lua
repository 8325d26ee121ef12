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
