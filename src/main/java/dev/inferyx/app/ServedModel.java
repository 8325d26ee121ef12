package dev.inferyx.app;

import dev.inferyx.model.Model;
import dev.inferyx.retry.CircuitBreaker;
import dev.inferyx.worker.WorkerPool;

/** A loaded model, the pool that runs it and its circuit breaker. */
record ServedModel(String name, Model model, WorkerPool pool, CircuitBreaker breaker, boolean ready) {
}
