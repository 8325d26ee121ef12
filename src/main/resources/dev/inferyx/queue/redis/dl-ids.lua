sweep_letters(tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
if ARGV[2] ~= '' then return redis.call('ZRANGE', dlqmodelkey(ARGV[2]), 0, -1) end
local ids = {}
for _, m in ipairs(redis.call('ZRANGE', DLQ, 0, -1)) do
  local _, id = split_member(m)
  ids[#ids + 1] = id
end
return ids
