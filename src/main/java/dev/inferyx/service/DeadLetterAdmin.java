package dev.inferyx.service;

import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.DeadLetterPage;
import dev.inferyx.queue.JobQueue;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's use cases on dead letters: list (paginated, by model), show, replay one or all, purge. Model
 * names and aliases resolve like everywhere else; typed errors for unknown models, jobs and bad parameters.
 * Thread-safe.
 */
public final class DeadLetterAdmin {

    /** The most entries one page may hold. */
    public static final int MAX_LIMIT = 1000;

    /** One page of dead letters, oldest first; {@code next} continues after it. */
    public record Page(List<Job> jobs, Optional<String> next) {
        public Page {
            jobs = List.copyOf(jobs);
            Objects.requireNonNull(next, "next");
        }
    }

    private final JobQueue queue;
    private final ModelDirectory models;
    private final Metrics metrics;

    public DeadLetterAdmin(JobQueue queue, ModelDirectory models, Metrics metrics) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.models = Objects.requireNonNull(models, "models");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public Page list(Optional<String> model, int limit, Optional<String> cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("invalid_limit", "limit must be in [1, " + MAX_LIMIT + "], was "
                    + limit);
        }
        Optional<String> resolved = resolve(model);
        try {
            DeadLetterPage page = queue.deadLetters().list(resolved, limit, cursor);
            return new Page(page.jobs(), page.next());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_cursor", e.getMessage());
        }
    }

    public Job find(JobId id) {
        return queue.deadLetters().find(id).orElseThrow(() -> notFound(id));
    }

    /** Queues the job again with a fresh attempt count; returns the queued record. */
    public Job replay(JobId id) {
        try {
            Job replayed = queue.deadLetters().replay(id);
            metrics.deadLettersReplayed(replayed.model(), 1);
            return replayed;
        } catch (NoSuchElementException e) {
            throw notFound(id);
        }
    }

    /** Replays every dead letter (of one model, or all); returns how many were queued again. */
    public int replayAll(Optional<String> model) {
        Optional<String> resolved = resolve(model);
        int total = 0;
        // Per model, so the replay counter keeps its model label.
        for (String m : resolved.map(List::of).orElseGet(this::servedModels)) {
            int n = queue.deadLetters().replayAll(Optional.of(m));
            if (n > 0) {
                metrics.deadLettersReplayed(m, n);
            }
            total += n;
        }
        return total;
    }

    private List<String> servedModels() {
        return models.statuses().stream().map(ModelStatus::name).toList();
    }

    public int purge(Optional<String> model) {
        return queue.deadLetters().purge(resolve(model));
    }

    private Optional<String> resolve(Optional<String> model) {
        if (model.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(models.resolve(model.get()).orElseThrow(() -> NotFoundException.model(model.get())));
    }

    private static NotFoundException notFound(JobId id) {
        return NotFoundException.job(id.value());
    }
}
