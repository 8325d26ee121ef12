package dev.inferyx.worker;

import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.model.BatchFailedException;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.Model;
import dev.inferyx.model.OutOfMemoryBatchException;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.Finish;
import dev.inferyx.queue.FinishOutcome;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.retry.FailureKind;
import dev.inferyx.retry.Retrier;
import dev.inferyx.retry.RetryDecision;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one batch through the model and settles every job in it, whatever the model does: a result per item,
 * a whole-batch failure, an exception, or a result list of the wrong size. No job is left unsettled and nothing
 * is thrown; an interrupt (shutdown) is kept in the thread's flag. Thread-safe: one instance serves all workers.
 *
 * <p>A whole-batch failure is classified ({@link FailureKind}) and each job goes to its retry decision: run again
 * after a backoff (RETRYING), or fail for good (dead-lettered when the failure was retryable). An out-of-memory
 * failure of a batch of more than one job instead splits it into halves, run again at once on this worker without
 * counting as a failed attempt. Every batch's outcome (but a split) is reported to the model's circuit breaker.
 */
final class BatchRunner {

    /** A job that never reached the model: failing it counts no attempt. */
    static final JobError SHUTDOWN = new JobError("shutdown", "server shut down before the job ran");
    /** A job whose batch was running when shutdown stopped it: failing it counts the attempt it was in. */
    static final JobError SHUTDOWN_WHILE_RUNNING = new JobError("shutdown",
            "server shut down while the job was running");

    private static final Logger LOG = Logger.getLogger(BatchRunner.class.getName());

    private final String modelName;
    private final Model model;
    private final JobQueue queue;
    private final InstantSource clock;
    private final Metrics metrics;
    private final FailureHandling handling;

    BatchRunner(String modelName, Model model, JobQueue queue, InstantSource clock, Metrics metrics) {
        this(modelName, model, queue, clock, metrics, FailureHandling.NONE);
    }

    BatchRunner(String modelName, Model model, JobQueue queue, InstantSource clock, Metrics metrics,
                FailureHandling handling) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.model = Objects.requireNonNull(model, "model");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.handling = Objects.requireNonNull(handling, "handling");
    }

    void run(List<Job> batch) {
        handling.retrier().ifPresent(r -> r.beforeRun((int) batch.stream().filter(j -> j.attempts() == 0).count()));
        List<Input> inputs = batch.stream().map(Job::input).toList();
        Instant start = clock.instant();
        String failure = null;
        boolean split = false;
        Runnable settle; // the batch's jobs are settled only after the batch is counted: see below
        try {
            List<ItemResult> results = model.infer(inputs);
            if (results == null || results.size() != batch.size()) {
                failure = "model_error";
                int got = results == null ? 0 : results.size();
                LOG.severe(() -> "model " + modelName + " returned " + got + " results for " + batch.size()
                        + " inputs");
                JobError malformed = new JobError("model_error", "model " + modelName + " returned a malformed result");
                settle = () -> failAll(batch, FailureKind.TRANSIENT, malformed);
            } else {
                List<Finish> finishes = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    finishes.add(new Finish(batch.get(i).id(), completionOf(results.get(i))));
                }
                settle = () -> finishAll(finishes);
            }
        } catch (BatchFailedException e) {
            failure = e.code();
            FailureKind kind = e instanceof OutOfMemoryBatchException ? FailureKind.OUT_OF_MEMORY
                    : e.isRetryable() ? FailureKind.TRANSIENT : FailureKind.PERMANENT;
            split = handling.retrier().map(r -> r.shouldSplit(kind, batch.size())).orElse(false);
            if (split) {
                settle = () -> { };
            } else {
                JobError error = new JobError(e.code(),
                        Objects.requireNonNullElse(e.getMessage(), "model " + modelName + " failed"));
                settle = () -> failAll(batch, kind, error);
            }
        } catch (InterruptedException e) {
            // Shutdown interrupted the model; keep the flag so the worker stops after finishing the jobs.
            Thread.currentThread().interrupt();
            failure = "shutdown";
            settle = () -> failAll(batch, SHUTDOWN_WHILE_RUNNING, true);
        } catch (RuntimeException | Error e) {
            // The client gets a stable code; the stack trace stays in the server log.
            LOG.log(Level.SEVERE, "model " + modelName + " failed on a batch of " + batch.size(), e);
            failure = "model_error";
            JobError error = new JobError("model_error", "model " + modelName + " failed: "
                    + e.getClass().getSimpleName());
            settle = () -> failAll(batch, FailureKind.TRANSIENT, error);
        }
        Duration took = Duration.between(start, clock.instant());
        // Counted before any job is settled, so a client holding a job's result also sees its batch in the
        // metrics and the breaker (finishing a batch in one step made the old count-after-finish race visible).
        metrics.batchCompleted(modelName, batch.size(), took.isNegative() ? Duration.ZERO : took, failure);
        if (!split && !"shutdown".equals(failure)) {
            // A split OOM says the batch was too big, not that the model is unhealthy.
            boolean failed = failure != null;
            handling.breaker().ifPresent(b -> b.onBatch(failed));
        }
        settle.run();
        if (split) {
            int half = batch.size() / 2;
            run(List.copyOf(batch.subList(0, half)));
            if (!Thread.currentThread().isInterrupted()) {
                run(List.copyOf(batch.subList(half, batch.size())));
            } else {
                failAll(batch.subList(half, batch.size()), SHUTDOWN, false);
            }
        }
    }

    private Completion completionOf(ItemResult result) {
        return switch (result) {
            case ItemResult.Success s -> new Completion.Done(s.output());
            // A failure of one input is about that input (e.g. invalid): running it again cannot help.
            case ItemResult.Failure f -> new Completion.Failed(f.error(), true);
            case null -> new Completion.Failed(
                    new JobError("model_error", "model " + modelName + " returned no result for this input"), true);
        };
    }

    /**
     * Settles every job of a failed batch by its retry decision: retries one by one (each moves to its own due
     * time), every job that ends now in one {@link JobQueue#finishAll}.
     */
    private void failAll(List<Job> batch, FailureKind kind, JobError error) {
        List<Finish> ending = new ArrayList<>(batch.size());
        for (Job job : batch) {
            safely(job, () -> decide(job, kind, error).ifPresent(ending::add));
        }
        finishAll(ending);
    }

    /** Schedules the job's retry and returns empty, or returns how it ends now. */
    private Optional<Finish> decide(Job job, FailureKind kind, JobError error) {
        if (handling.retrier().isEmpty()) {
            return Optional.of(new Finish(job.id(), new Completion.Failed(error, true)));
        }
        Retrier retrier = handling.retrier().get();
        Completion ends = switch (retrier.decide(kind, job.attempts())) {
            case RetryDecision.RetryAfter r -> {
                queue.retry(job.id(), error, clock.instant().plus(r.delay()));
                yield null;
            }
            case RetryDecision.GiveUp g when g.reason().equals("retry_budget_exhausted") ->
                    new Completion.DeadLettered(new JobError("retry_budget_exhausted",
                            "not retried: the retry budget of model " + modelName + " is exhausted (retries may "
                                    + "add " + retrier.policy().describeBudget() + " in this process); last error "
                                    + error.code() + ": " + error.message()));
            case RetryDecision.GiveUp g when g.deadLetter() -> new Completion.DeadLettered(error);
            case RetryDecision.GiveUp g -> new Completion.Failed(error, true);
            case RetryDecision.Split s -> throw new IllegalStateException("a split is decided per batch");
        };
        return Optional.ofNullable(ends).map(c -> new Finish(job.id(), c));
    }

    /** Fails every job; each one that was already finished (e.g. by a shutdown) is an idempotent no-op. */
    void failAll(List<Job> batch, JobError error, boolean ran) {
        finishAll(batch.stream().map(j -> new Finish(j.id(), new Completion.Failed(error, ran))).toList());
    }

    /**
     * Finishes a batch's jobs in one queue step. A job that cannot be finished (its record gone, or moved on by
     * another worker) is logged and does not stop the rest; if the queue cannot be reached, the jobs stay claimed
     * and a live worker reclaims them after the visibility timeout (Redis), so this logs and returns.
     */
    private void finishAll(List<Finish> finishes) {
        if (finishes.isEmpty()) {
            return;
        }
        List<FinishOutcome> outcomes;
        try {
            outcomes = queue.finishAll(finishes);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not finish " + finishes.size() + " jobs of model " + modelName, e);
            return;
        }
        for (FinishOutcome outcome : outcomes) {
            if (outcome instanceof FinishOutcome.Refused refused) {
                LOG.log(Level.SEVERE, "could not finish job " + refused.id() + " of model " + modelName,
                        refused.error());
            }
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
