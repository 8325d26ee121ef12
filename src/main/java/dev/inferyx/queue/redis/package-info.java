/**
 * The Redis {@link dev.inferyx.queue.JobQueue} backend ({@link dev.inferyx.queue.redis.RedisJobQueue}) on
 * Lettuce: per-model, per-priority Redis Streams with a consumer group, Lua scripts for every multi-key step, and
 * pub/sub for finish notifications. The only package that may import {@code io.lettuce}.
 */
package dev.inferyx.queue.redis;
