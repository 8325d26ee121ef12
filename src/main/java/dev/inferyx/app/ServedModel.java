package dev.inferyx.app;

import dev.inferyx.model.Model;
import dev.inferyx.worker.WorkerPool;

/** A loaded model and the pool that runs it. */
record ServedModel(String name, Model model, WorkerPool pool, boolean ready) {
}
