package dev.inferyx.app;

import dev.inferyx.batch.Batcher;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.metrics.ModelGauges;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.model.Model;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.retry.CircuitBreaker;
import dev.inferyx.retry.Retrier;
import dev.inferyx.retry.RetryBudget;
import dev.inferyx.worker.FailureHandling;
import dev.inferyx.worker.WorkerPool;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The worker side of a process: every configured model loaded and warmed, with its batcher, worker pool, retry
 * policy (backoff with jitter and a retry budget) and circuit breaker on the given queue, and its gauges
 * registered. The map it fills is shared with the model directory, so
 * {@code /models} shows live worker counts while models load.
 */
final class ModelPools {

    private static final Logger LOG = Logger.getLogger(ModelPools.class.getName());

    private final Map<String, ServedModel> served;
    private final boolean sharedQueue;

    private ModelPools(Map<String, ServedModel> served, boolean sharedQueue) {
        this.served = served;
        this.sharedQueue = sharedQueue;
    }

    /**
     * Loads and starts every model into {@code served}, its pool on {@code poolQueue} (on Redis: this process's
     * share of the fleet's backlog) and its gauges on {@code gaugeQueue}. With {@code sharedQueue} (Redis),
     * stopping leaves queued jobs for other workers instead of failing them.
     */
    static ModelPools start(InferyxConfig config, JobQueue poolQueue, JobQueue gaugeQueue, InstantSource clock,
                            Metrics metrics, Map<String, ServedModel> served, boolean sharedQueue) {
        ModelPools pools = new ModelPools(served, sharedQueue);
        // One shared, thread-safe generator for backoff jitter; its quality matters little, contention less.
        RandomGenerator jitter = new Random();
        for (ModelConfig m : config.models().values()) {
            ServedModel model = load(m, poolQueue, clock, metrics, jitter);
            served.put(m.name(), model);
            registerGauges(m, model, gaugeQueue, metrics);
        }
        return pools;
    }

    private static ServedModel load(ModelConfig m, JobQueue queue, InstantSource clock, Metrics metrics,
                                    RandomGenerator jitter) {
        Model model = ModelFactory.create(m);
        try {
            model.warmUp();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming model " + m.name(), e);
        } catch (Exception e) {
            throw new IllegalStateException("model " + m.name() + " failed to warm up: " + e.getMessage(), e);
        }
        Batcher batcher = new Batcher(m.name(), m.batching(), queue, clock, metrics);
        Retrier retrier = new Retrier(m.name(), m.retry(), RetryBudget.of(m.retry().budgetRatio(), clock), jitter,
                metrics);
        CircuitBreaker breaker = new CircuitBreaker(m.name(), m.breaker(), clock, metrics);
        WorkerPool pool = new WorkerPool(m.name(), m.pool(), batcher, model, queue, clock, metrics,
                FailureHandling.of(retrier, breaker));
        pool.start();
        return new ServedModel(m.name(), model, pool, breaker, true);
    }

    static void registerGauges(ModelConfig m, ServedModel served, JobQueue queue, Metrics metrics) {
        metrics.registerModel(m.name(), new ModelGauges() {
            @Override
            public int queued() {
                return queue.stats(m.name()).queued();
            }

            @Override
            public int unfinished() {
                return queue.stats(m.name()).unfinished();
            }

            @Override
            public int capacity() {
                return m.admission().queueCapacity();
            }

            @Override
            public int workers() {
                return served == null ? 0 : served.pool().workers();
            }

            @Override
            public int busyWorkers() {
                return served == null ? 0 : served.pool().busyWorkers();
            }

            @Override
            public int deadLetters() {
                return queue.deadLetters().count(m.name());
            }

            @Override
            public String breakerState() {
                // A gateway runs no breaker: each worker process keeps its own and reports it.
                return served == null ? "closed" : served.breaker().state().wireName();
            }
        });
    }

    /** Drains every pool in parallel within {@code timeout}; restores the interrupt flag if interrupted. */
    void drain(Duration timeout) {
        List<Thread> drains = new ArrayList<>();
        for (ServedModel m : new LinkedHashMap<>(served).values()) {
            drains.add(Thread.ofPlatform().name("inferyx-drain-" + m.name()).start(() -> drain(m, timeout)));
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
        served.values().forEach(m -> m.model().close());
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
}
