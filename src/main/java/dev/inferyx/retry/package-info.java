/**
 * What happens after a batch fails: the per-model {@link dev.inferyx.retry.RetryPolicy} (attempts and backoff),
 * the {@link dev.inferyx.retry.RetryBudget} that caps retries to a fraction of traffic, the
 * {@link dev.inferyx.retry.Retrier} that turns a failure into a decision, and the per-model
 * {@link dev.inferyx.retry.CircuitBreaker}. Pure logic on an injected clock; no threads, no HTTP, no worker.
 */
package dev.inferyx.retry;
