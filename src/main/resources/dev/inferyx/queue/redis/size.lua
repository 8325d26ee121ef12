local total = 0
for _, v in ipairs(redis.call('HVALS', UNFINISHED)) do total = total + math.max(tonumber(v), 0) end
local horizon = tonumber(ARGV[2]) - tonumber(ARGV[3])
return total + redis.call('ZCOUNT', FINISHED, '(' .. horizon, '+inf')
