/**
 * Reuse of finished work: the {@link dev.inferyx.cache.ResultCache} contract (results by a digest of model, model
 * version and input) and the {@link dev.inferyx.cache.IdempotencyStore} contract (which request an
 * {@code Idempotency-Key} already started). Backends: Caffeine in {@code cache.caffeine} for the embedded mode;
 * a Redis backend implements the same contracts in the distributed mode.
 */
package dev.inferyx.cache;
