sweep_letters(tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
return {redis.call('ZCARD', dlqmodelkey(ARGV[2]))}
