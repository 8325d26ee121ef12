package dev.inferyx.worker;

import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.model.BatchFailedException;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.Model;
import dev.inferyx.queue.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one batch through the model and finishes every job in it, whatever the model does: a result per item,
 * a whole-batch failure, an exception, or a result list of the wrong size. No job is left unfinished and nothing
 * is thrown; an interrupt (shutdown) is kept in the thread's flag. Thread-safe: one instance serves all workers.
 */
final class BatchRunner {

    static final JobError SHUTDOWN = new JobError("shutdown", "server shut down before the job ran");

    private static final Logger LOG = Logger.getLogger(BatchRunner.class.getName());

    private final String modelName;
    private final Model model;
    private final JobQueue queue;
    private final InstantSource clock;
    private final Metrics metrics;

    BatchRunner(String modelName, Model model, JobQueue queue, InstantSource clock, Metrics metrics) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.model = Objects.requireNonNull(model, "model");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    void run(List<Job> batch) {
        List<Input> inputs = batch.stream().map(Job::input).toList();
        Instant start = clock.instant();
        String failure = null;
        try {
            List<ItemResult> results = model.infer(inputs);
            if (results == null || results.size() != batch.size()) {
                failure = "model_error";
                int got = results == null ? 0 : results.size();
                LOG.severe(() -> "model " + modelName + " returned " + got + " results for " + batch.size()
                        + " inputs");
                failAll(batch, new JobError("model_error", "model " + modelName + " returned a malformed result"),
                        true);
            } else {
                for (int i = 0; i < batch.size(); i++) {
                    finishOne(batch.get(i), results.get(i));
                }
            }
        } catch (BatchFailedException e) {
            failure = e.code();
            String message = Objects.requireNonNullElse(e.getMessage(), "model " + modelName + " failed");
            failAll(batch, new JobError(e.code(), message), true);
        } catch (InterruptedException e) {
            // Shutdown interrupted the model; keep the flag so the worker stops after finishing the jobs.
            Thread.currentThread().interrupt();
            failure = "shutdown";
            failAll(batch, SHUTDOWN, false);
        } catch (RuntimeException | Error e) {
            // The client gets a stable code; the stack trace stays in the server log.
            LOG.log(Level.SEVERE, "model " + modelName + " failed on a batch of " + batch.size(), e);
            failure = "model_error";
            failAll(batch, new JobError("model_error", "model " + modelName + " failed: "
                    + e.getClass().getSimpleName()), true);
        }
        Duration took = Duration.between(start, clock.instant());
        metrics.batchCompleted(modelName, batch.size(), took.isNegative() ? Duration.ZERO : took, failure);
    }

    private void finishOne(Job job, ItemResult result) {
        switch (result) {
            case ItemResult.Success s -> safely(job, () -> queue.finishDone(job.id(), s.output()));
            case ItemResult.Failure f -> safely(job, () -> queue.finishFailed(job.id(), f.error(), true));
            case null -> safely(job, () -> queue.finishFailed(job.id(),
                    new JobError("model_error", "model " + modelName + " returned no result for this input"), true));
        }
    }

    /** Fails every job; each one that was already finished (e.g. by a shutdown) is an idempotent no-op. */
    void failAll(List<Job> batch, JobError error, boolean ran) {
        for (Job job : batch) {
            safely(job, () -> queue.finishFailed(job.id(), error, ran));
        }
    }

    /** One job's bookkeeping failing must not stop the rest of the batch from being finished. */
    private void safely(Job job, Runnable finish) {
        try {
            finish.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not finish job " + job.id() + " of model " + modelName, e);
        }
    }
}
