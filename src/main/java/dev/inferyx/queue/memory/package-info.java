/**
 * The in-memory {@link dev.inferyx.queue.JobQueue} backend: per-model priority queues under one lock each, and a
 * store whose finished records expire lazily. For a single process; the Redis backend shares its contract test.
 */
package dev.inferyx.queue.memory;
