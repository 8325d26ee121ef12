local now, ttl, max_finished, dl_max = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local reply = {}
local i = 6
while i <= #ARGV do
  local n = tonumber(ARGV[i + 5])
  local fields = {}
  for k = i + 6, i + 5 + n do fields[#fields + 1] = ARGV[k] end
  local outcome, rec = finish_one(ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]), ARGV[i + 4],
    fields, now, ttl, max_finished, tonumber(dl_max))
  reply[#reply + 1] = outcome
  reply[#reply + 1] = rec
  i = i + 6 + n
end
announce()
return reply
