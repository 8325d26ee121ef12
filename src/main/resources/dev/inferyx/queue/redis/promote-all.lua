local now, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
local promoted = 0
local next_due = -1
for _, model in ipairs(redis.call('SMEMBERS', RETRY_MODELS)) do
  if promoted < limit then promoted = promoted + promote_due(model, now, limit - promoted) end
  local first = redis.call('ZRANGE', retrykey(model), 0, 0, 'WITHSCORES')
  if not first[2] then
    redis.call('SREM', RETRY_MODELS, model)
  elseif next_due < 0 or tonumber(first[2]) < next_due then
    next_due = tonumber(first[2])
  end
end
return {promoted, next_due}
