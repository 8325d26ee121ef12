local now, min_idle = tonumber(ARGV[2]), tonumber(ARGV[3])
local workers = P .. 'workers'
local removed = 0
for _, model in ipairs(redis.call('HKEYS', UNFINISHED)) do
  for _, prio in ipairs(redis.call('ZRANGE', bandskey(model), 0, -1)) do
    local stream = bandkey(model, prio)
    if redis.call('EXISTS', stream) == 1 then
      for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', stream, GROUP)) do
        local info = {}
        for i = 1, #c, 2 do info[c[i]] = c[i + 1] end
        local expiry = redis.call('ZSCORE', workers, info['name'])
        local live = expiry and tonumber(expiry) > now
        if not live and tonumber(info['pending']) == 0 and tonumber(info['idle']) >= min_idle then
          redis.call('XGROUP', 'DELCONSUMER', stream, GROUP, info['name'])
          removed = removed + 1
        end
      end
    end
  end
end
return removed
