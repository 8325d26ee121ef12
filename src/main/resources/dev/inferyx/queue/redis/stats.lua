local model = ARGV[2]
local queued = 0
for _, prio in ipairs(redis.call('ZRANGE', bandskey(model), 0, -1)) do
  local stream = bandkey(model, prio)
  if redis.call('EXISTS', stream) == 1 then
    queued = queued + redis.call('XLEN', stream) - tonumber(redis.call('XPENDING', stream, GROUP)[1])
  end
end
local unfinished = tonumber(redis.call('HGET', UNFINISHED, model) or '0')
if counts_nothing_live(model) then unfinished = 0 end
return {math.max(queued, 0), math.max(unfinished, 0)}
