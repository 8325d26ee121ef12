local function keep(key, ttl)
  ttl = tonumber(ttl)
  if not ttl or ttl < 1 then return end
  local left = redis.call('PTTL', key)
  if left == -1 or (left >= 0 and left < ttl) then redis.call('PEXPIRE', key, ttl) end
end
