package dev.inferyx.app;

import dev.inferyx.batch.Batcher;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.metrics.ModelGauges;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.model.Model;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.retry.BreakerListener;
import dev.inferyx.retry.CircuitBreaker;
import dev.inferyx.retry.Retrier;
import dev.inferyx.retry.RetryBudget;
import dev.inferyx.worker.FailureHandling;
import dev.inferyx.worker.WorkerPool;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The worker side of a process: loads and warms models and runs each with its batcher, worker pool, retry policy
 * (backoff with jitter and a retry budget) and circuit breaker on the given queue, and registers its gauges.
 * What it starts is served through {@link ServedModels}, so {@code /models} shows live worker counts while models
 * load, and the repository can add, replace and stop models at run time through {@link #load},
 * {@link #handOver} and {@link #stop}.
 */
final class ModelPools {

    private static final Logger LOG = Logger.getLogger(ModelPools.class.getName());

    private final ServedModels served;
    private final JobQueue poolQueue;
    private final JobQueue gaugeQueue;
    private final InstantSource clock;
    private final Metrics metrics;
    private final boolean sharedQueue;
    /** Told of every breaker change (on Redis: published to the fleet). */
    private final BreakerListener breakers;
    /** A model's breaker state for its gauge: the same source {@code /models} reads. */
    private final Function<String, String> breakerStates;
    /** One shared, thread-safe generator for backoff jitter; its quality matters little, contention less. */
    private final RandomGenerator jitter = new Random();

    private ModelPools(ServedModels served, JobQueue poolQueue, JobQueue gaugeQueue, InstantSource clock,
                       Metrics metrics, boolean sharedQueue, BreakerListener breakers,
                       Function<String, String> breakerStates) {
        this.served = served;
        this.poolQueue = poolQueue;
        this.gaugeQueue = gaugeQueue;
        this.clock = clock;
        this.metrics = metrics;
        this.sharedQueue = sharedQueue;
        this.breakers = breakers;
        this.breakerStates = breakerStates;
    }

    /**
     * Loads and starts every model of {@code models} and serves it through {@code served}, its pool on
     * {@code poolQueue} (on Redis: this process's share of the fleet's backlog) and its gauges on
     * {@code gaugeQueue}. With {@code sharedQueue} (Redis), stopping leaves queued jobs for other workers instead
     * of failing them. Each model's circuit breaker tells {@code breakers} of its changes (on Redis: to the fleet);
     * its gauge reads the state from {@code breakerStates}.
     */
    static ModelPools start(Collection<ModelConfig> models, JobQueue poolQueue, JobQueue gaugeQueue,
                            InstantSource clock, Metrics metrics, ServedModels served, boolean sharedQueue,
                            BreakerListener breakers, Function<String, String> breakerStates) {
        ModelPools pools = new ModelPools(served, poolQueue, gaugeQueue, clock, metrics, sharedQueue, breakers,
                breakerStates);
        for (ModelConfig m : models) {
            served.put(m, Optional.of(pools.load(m)));
            registerGauges(m.name(), served, gaugeQueue, metrics, breakerStates);
        }
        return pools;
    }

    /**
     * Loads and warms {@code m}'s model and starts its pool, which begins claiming the model's jobs at once; the
     * caller serves it. Throws {@link IllegalStateException} (a {@link dev.inferyx.model.ModelLoadException} for a
     * model that cannot be loaded) with nothing left running.
     */
    ServedModel load(ModelConfig m) {
        Model model = ModelFactory.create(m);
        try {
            model.warmUp();
        } catch (InterruptedException e) {
            model.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming model " + m.name(), e);
        } catch (Exception e) {
            model.close();
            throw new IllegalStateException("model " + m.name() + " failed to warm up: " + e.getMessage(), e);
        }
        Batcher batcher = new Batcher(m.name(), m.batching(), poolQueue, clock, metrics);
        Retrier retrier = new Retrier(m.name(), m.retry(), RetryBudget.of(m.retry(), clock), jitter,
                metrics);
        CircuitBreaker breaker = new CircuitBreaker(m.name(), m.breaker(), clock, metrics, breakers);
        WorkerPool pool = new WorkerPool(m.name(), m.pool(), batcher, model, poolQueue, clock, metrics,
                FailureHandling.of(retrier, breaker));
        pool.start();
        return new ServedModel(m.name(), model, pool, breaker, true);
    }

    /**
     * Registers {@code model}'s gauges, read from whatever {@code served} holds under that name at scrape time; the
     * breaker state from {@code breakerStates}, so the gauge and {@code /models} cannot disagree.
     */
    static void registerGauges(String model, ServedModels served, JobQueue queue, Metrics metrics,
                               Function<String, String> breakerStates) {
        metrics.registerModel(model, new ModelGauges() {
            private Optional<ServedModel> live() {
                return served.get(model).flatMap(ServedModels.Entry::live);
            }

            @Override
            public int queued() {
                return queue.stats(model).queued();
            }

            @Override
            public int unfinished() {
                return queue.stats(model).unfinished();
            }

            @Override
            public int capacity() {
                return served.get(model).map(e -> e.config().admission().queueCapacity()).orElse(0);
            }

            @Override
            public int workers() {
                return live().map(l -> l.pool().workers()).orElse(0);
            }

            @Override
            public int busyWorkers() {
                return live().map(l -> l.pool().busyWorkers()).orElse(0);
            }

            @Override
            public int deadLetters() {
                return queue.deadLetters().count(model);
            }

            @Override
            public String breakerState() {
                return breakerStates.apply(model);
            }
        });
    }

    void registerGauges(String model) {
        registerGauges(model, served, gaugeQueue, metrics, breakerStates);
    }

    /** {@code model} is no longer served: its live gauges leave {@code /metrics} until it is registered again. */
    void unregisterGauges(String model) {
        metrics.unregisterModel(model);
    }

    /**
     * Retires {@code old} after a replacement pool started on the same queue: it stops claiming, finishes the
     * batches it runs (within {@code timeout}), leaves queued jobs to the replacement, and its model is closed.
     */
    void handOver(ServedModel old, Duration timeout) throws InterruptedException {
        try {
            old.pool().handOver(timeout);
        } finally {
            closeModel(old);
        }
    }

    /**
     * Stops {@code live} for good, as a stopping process does: it finishes the model's accepted jobs within
     * {@code timeout} and fails what is left with code {@code shutdown} (on a shared queue it leaves queued jobs to
     * other workers instead), then closes the model.
     */
    void stop(ServedModel live, Duration timeout) throws InterruptedException {
        try {
            if (sharedQueue) {
                live.pool().leave(timeout);
            } else {
                live.pool().shutdown(timeout);
            }
        } finally {
            closeModel(live);
        }
    }

    /** Drains every served pool in parallel within {@code timeout}; restores the interrupt flag if interrupted. */
    void drain(Duration timeout) {
        List<Thread> drains = new ArrayList<>();
        for (ServedModels.Entry entry : served.entries()) {
            entry.live().ifPresent(m -> drains.add(Thread.ofPlatform().name("inferyx-drain-" + m.name())
                    .start(() -> drain(m, timeout))));
        }
        boolean interrupted = false;
        for (Thread t : drains) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void closeModels() {
        served.entries().forEach(e -> e.live().ifPresent(ModelPools::closeModel));
    }

    private void drain(ServedModel m, Duration timeout) {
        try {
            if (sharedQueue) {
                m.pool().leave(timeout);
            } else {
                m.pool().shutdown(timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "draining model " + m.name() + " failed", e);
        }
    }

    private static void closeModel(ServedModel m) {
        try {
            m.model().close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing model " + m.name() + " failed", e);
        }
    }
}
