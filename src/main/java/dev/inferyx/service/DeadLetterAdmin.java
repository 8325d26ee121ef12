package dev.inferyx.service;

import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.ModelNotServedException;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.queue.DeadLetterPage;
import dev.inferyx.queue.JobQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The operator's use cases on dead letters: list (paginated, by model), show, replay one or all, purge. Model
 * names and aliases resolve like everywhere else; typed errors for unknown models, jobs and bad parameters.
 * Thread-safe.
 *
 * <p>A letter is only replayed onto the queue of a model this process <em>serves</em> ({@link ModelDirectory}:
 * the models it admits new requests for — on a gateway, the models its configuration lists), so a replayed job is
 * never put where no pool reads it. A letter of a model that is not served (unloaded from the repository, or gone
 * from the configuration) is refused with {@link ModelNotServedException} and stays as it was; it can still be
 * listed, shown and purged by that model's name.
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

    /**
     * What a replay of every dead letter did: {@code replayed} queued again; {@code notServed} the letters left in
     * the queue because their model is not served, by model.
     */
    public record ReplayAll(int replayed, Map<String, Integer> notServed) {
        public ReplayAll {
            notServed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notServed));
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

    /** @param model a served model's name or alias, or the name of a model that is not served but has letters */
    public Page list(Optional<String> model, int limit, Optional<String> cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("invalid_limit", "limit must be in [1, " + MAX_LIMIT + "], was "
                    + limit);
        }
        Optional<String> resolved = model.map(this::lettersOf);
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

    /**
     * Queues the job again with a fresh attempt count; returns the queued record.
     *
     * @throws ModelNotServedException if the job's model is not served; the letter stays in the queue
     */
    public Job replay(JobId id) {
        String model = find(id).model();
        Job replayed = whileServed(model, "dead letter '" + id.value() + "'", () -> {
            try {
                return queue.deadLetters().replay(id);
            } catch (NoSuchElementException e) {
                throw notFound(id); // replayed or purged by someone else meanwhile
            }
        });
        metrics.deadLettersReplayed(replayed.model(), 1);
        return replayed;
    }

    /**
     * Replays every dead letter of one model.
     *
     * @throws ModelNotServedException if the model is not served but has letters; they stay in the queue
     * @throws NotFoundException       if the name is neither served nor holds letters
     */
    public int replayAll(String model) {
        String resolved = lettersOf(model);
        int n = whileServed(resolved, "the dead letters of model '" + resolved + "'",
                () -> queue.deadLetters().replayAll(Optional.of(resolved)));
        if (n > 0) {
            metrics.deadLettersReplayed(resolved, n);
        }
        return n;
    }

    /** Replays every dead letter of every served model; the letters of models not served stay (and are counted). */
    public ReplayAll replayAll() {
        int total = 0;
        // Per model, so the replay counter keeps its model label.
        for (ModelStatus served : models.statuses()) {
            String m = served.name();
            try {
                int n = whileServed(m, "the dead letters of model '" + m + "'",
                        () -> queue.deadLetters().replayAll(Optional.of(m)));
                if (n > 0) {
                    metrics.deadLettersReplayed(m, n);
                }
                total += n;
            } catch (ModelNotServedException unloadedMeanwhile) {
                // its letters stay, and are counted below
            }
        }
        return new ReplayAll(total, notServed());
    }

    public int purge(Optional<String> model) {
        return queue.deadLetters().purge(model.map(this::lettersOf));
    }

    /**
     * Runs {@code replay} while {@code model} is served, inside its admission gate, so an unload cannot close the
     * model between the check and the replay; otherwise refuses, having touched nothing.
     */
    private <T> T whileServed(String model, String what, Supplier<T> replay) {
        if (!served(model)) {
            throw ModelNotServedException.replay(model, what);
        }
        AtomicReference<T> result = new AtomicReference<>();
        try {
            models.admitting(model, () -> result.set(replay.get()));
        } catch (NotFoundException e) {
            if (!e.code().equals("model_not_found")) {
                throw e;
            }
            throw ModelNotServedException.replay(model, what); // unloaded since the check: nothing was replayed
        }
        return result.get();
    }

    /** Whether {@code model} (a name the queue holds letters under) is a model served now, by that name. */
    private boolean served(String model) {
        return models.resolve(model).filter(model::equals).isPresent();
    }

    /**
     * The name dead letters are held under for {@code nameOrAlias}: a served model's canonical name, or, for a
     * model that is not served (any more), the name itself if letters are held under it.
     */
    private String lettersOf(String nameOrAlias) {
        Optional<String> canonical = models.resolve(nameOrAlias);
        if (canonical.isPresent()) {
            return canonical.get();
        }
        if (queue.deadLetters().count(nameOrAlias) > 0) {
            return nameOrAlias;
        }
        throw NotFoundException.model(nameOrAlias);
    }

    /** Letters held for models that are not served, by model, in dead-letter order of their first letter. */
    private Map<String, Integer> notServed() {
        Map<String, Integer> left = new LinkedHashMap<>();
        Optional<String> cursor = Optional.empty();
        do {
            DeadLetterPage page = queue.deadLetters().list(Optional.empty(), MAX_LIMIT, cursor);
            for (Job job : page.jobs()) {
                if (!served(job.model())) {
                    left.merge(job.model(), 1, Integer::sum);
                }
            }
            cursor = page.next();
        } while (cursor.isPresent());
        return left;
    }

    private static NotFoundException notFound(JobId id) {
        return NotFoundException.job(id.value());
    }
}
