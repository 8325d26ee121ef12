sweep_letters(tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))
local model = redis.call('HGET', letterkey(ARGV[2]), 'model')
if not model then return {0} end
drop_letter(model, ARGV[2])
return {1}
