promote_due(ARGV[2], '+inf', -1)
return {1}
