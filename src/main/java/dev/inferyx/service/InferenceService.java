package dev.inferyx.service;

import dev.inferyx.cache.CacheKey;
import dev.inferyx.core.ConflictException;
import dev.inferyx.core.DeadlineExceededException;
import dev.inferyx.core.DurationFormat;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.core.RateLimitedException;
import dev.inferyx.core.UnavailableException;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.JobQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The use cases behind the API: submit a job, read it, wait for it. Transport-agnostic: it throws
 * {@link dev.inferyx.core.InferyxException}s and never thinks in status codes. Thread-safe.
 */
public final class InferenceService {

    private final JobQueue queue;
    private final ModelDirectory models;
    private final InstantSource clock;
    private final Metrics metrics;
    private final ResultReuse reuse;
    private final RateLimiter limiter;
    private final Idempotency idempotency;
    private volatile boolean draining;

    /**
     * @param queue   should be metered ({@code MeteredJobQueue}): admissions and queue-full refusals are counted
     *                there; this service counts the refusals that happen before the queue
     */
    public InferenceService(JobQueue queue, ModelDirectory models, InstantSource clock, Metrics metrics) {
        this(queue, models, clock, metrics, ResultReuse.none(queue), new RateLimiter(RateLimits.UNLIMITED, clock),
                Idempotency.none(queue));
    }

    /**
     * @param reuse   result cache and coalescing, for models whose {@link CachePolicy} enables them
     * @param limiter per-owner rate limits on submissions
     * @param idempotency what each {@code Idempotency-Key} already started
     */
    public InferenceService(JobQueue queue, ModelDirectory models, InstantSource clock, Metrics metrics,
                            ResultReuse reuse, RateLimiter limiter, Idempotency idempotency) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.models = Objects.requireNonNull(models, "models");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.reuse = Objects.requireNonNull(reuse, "reuse");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
    }

    /**
     * Admits a job, or throws: {@link NotFoundException} for an unknown model, {@link InvalidRequestException}
     * for an input that cannot fit the model's signature (where this process loads the model and so knows it;
     * see {@link InputCheck}) or a timeout above the model's maximum, {@link dev.inferyx.core.QueueFullException} when the model's
     * bound is reached, {@link RateLimitedException} when the owner spent its rate limit,
     * {@link UnavailableException} while draining ({@code draining}) or while the model's circuit breaker is open
     * ({@code circuit_open}, with the remaining open time as its retry-after), {@link ConflictException} when its
     * {@code Idempotency-Key} was used for a different request. A resend with a known key returns the original
     * job as it is now. For a model whose results may be reused,
     * the answer may already be DONE ({@code cached}) or a follower of an identical job in flight.
     */
    public Job submit(SubmitRequest sent) {
        Optional<String> resolved = sent.model().isEmpty()
                ? Optional.of(models.defaultModel())
                : models.resolve(sent.model().get());
        if (resolved.isEmpty()) {
            metrics.requestRejected("unknown", "model_not_found");
            throw NotFoundException.model(sent.model().get());
        }
        String model = resolved.get();
        // Before the rate limit: a request the model could never run spends none of the owner's tokens.
        SubmitRequest request = fitted(sent, model);
        try {
            limiter.acquire(request.owner());
        } catch (RateLimitedException e) {
            metrics.requestRejected(model, e.code());
            throw e;
        }
        if (draining) {
            metrics.requestRejected(model, "draining");
            throw UnavailableException.draining();
        }
        AdmissionPolicy admission = models.admission(model);
        Optional<Duration> timeout = request.timeout().or(admission::defaultTimeout);
        if (timeout.isPresent() && timeout.get().compareTo(admission.maxTimeout()) > 0) {
            metrics.requestRejected(model, "invalid_timeout");
            throw new InvalidRequestException("invalid_timeout", "timeout_ms must be at most "
                    + admission.maxTimeout().toMillis() + " for model " + model + ", was "
                    + timeout.get().toMillis());
        }
        JobId id = JobId.random();
        try {
            return idempotency.once(request, model, id, () -> start(id, model, request, admission, timeout));
        } catch (ConflictException e) {
            metrics.requestRejected(model, e.code());
            throw e;
        }
    }

    /**
     * {@code request} with its input as the model will see it, or {@link InvalidRequestException} when the input
     * cannot fit the model's signature. Unchecked where the signature is unknown: a process that does not load the
     * model (a gateway) leaves that to the worker's model.
     */
    private SubmitRequest fitted(SubmitRequest request, String model) {
        Optional<Signature> signature = models.identity(model).flatMap(ModelIdentity::signature);
        if (signature.isEmpty()) {
            return request;
        }
        try {
            return request.withInput(InputCheck.fitted(request.input(), model, signature.get()));
        } catch (InvalidRequestException e) {
            metrics.requestRejected(model, e.code());
            throw e;
        }
    }

    private Job start(JobId id, String model, SubmitRequest request, AdmissionPolicy admission,
                      Optional<Duration> timeout) {
        Instant now = clock.instant();
        Job job = Job.accepted(id, model, request.input(), request.owner(), request.priority(), now,
                timeout.map(now::plus));
        CachePolicy cachePolicy = models.cachePolicy(model);
        if (!cachePolicy.enabled()) {
            admit(job, admission);
            return job;
        }
        // Cache, then coalesce, then admit: a hit or a follower never takes an admission slot, and is served
        // even while the model's breaker refuses new work (the model does not run for it).
        return reuse.submit(CacheKey.of(model, cachePolicy.version(), job.input()), job, j -> admit(j, admission));
    }

    /** Asks the model's circuit breaker (a half-open probe slot is used only here), then the bounded queue. */
    private void admit(Job job, AdmissionPolicy admission) {
        Optional<Duration> open = models.circuitOpenFor(job.model());
        if (open.isPresent()) {
            metrics.requestRejected(job.model(), "circuit_open");
            throw new UnavailableException("circuit_open", "model " + job.model() + " is failing most of its "
                    + "batches; its circuit breaker refuses new work for another " + DurationFormat.format(open.get()),
                    open.get());
        }
        models.admitting(job.model(), () -> queue.admit(job, admission.queueCapacity()));
    }

    /** The job, if it exists and belongs to {@code owner}; otherwise {@link NotFoundException} (no leak). */
    public Job find(JobId id, String owner) {
        return queue.find(id)
                .filter(job -> job.owner().equals(owner))
                .orElseThrow(() -> NotFoundException.job(id.value()));
    }

    /**
     * Waits up to {@code wait} for the job to finish and returns its latest record: terminal if it finished in
     * time, otherwise as it is now. A client that waits ({@code wait > 0}) for a job that ends EXPIRED gets
     * {@link DeadlineExceededException} naming the job instead.
     */
    public Job await(Job job, Duration wait) throws InterruptedException {
        if (wait.isZero() || wait.isNegative()) {
            return latest(job);
        }
        Job result = awaitRecord(job, wait);
        if (result.status() == JobStatus.EXPIRED) {
            throw DeadlineExceededException.expired(result);
        }
        return result;
    }

    private Job awaitRecord(Job job, Duration wait) throws InterruptedException {
        if (job.status().isTerminal()) {
            return latest(job);
        }
        CompletableFuture<Job> finished = queue.store().whenFinished(job.id());
        try {
            return finished.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            return latest(job);
        } catch (ExecutionException e) {
            // The record vanished (retention); what we knew is the best answer left.
            return job;
        } finally {
            finished.cancel(false);
        }
    }

    private Job latest(Job job) {
        return queue.find(job.id()).orElse(job);
    }

    /**
     * One served model by name or alias, with its settings, version, signature and live state; empty when no such
     * model is served.
     */
    public Optional<ModelStatus> model(String nameOrAlias) {
        return models.resolve(nameOrAlias).flatMap(models::status);
    }

    /** A served model's canonical name, version and signature by name or alias; cheaper than {@link #model}. */
    public Optional<ModelIdentity> identity(String nameOrAlias) {
        return models.resolve(nameOrAlias).flatMap(models::identity);
    }

    /** Served models with their settings and live state. */
    public List<ModelStatus> models() {
        return models.statuses();
    }

    /** Stops admitting: every later {@link #submit} fails with {@link UnavailableException}. */
    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }
}
