package dev.inferyx.app;

import dev.inferyx.batch.Batcher;
import dev.inferyx.cache.MeteredResultCache;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.cache.caffeine.CaffeineIdempotencyStore;
import dev.inferyx.cache.caffeine.CaffeineResultCache;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.http.HttpGateway;
import dev.inferyx.metrics.ModelGauges;
import dev.inferyx.metrics.prometheus.PrometheusMetrics;
import dev.inferyx.model.Model;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.MeteredJobQueue;
import dev.inferyx.queue.memory.MemoryJobQueue;
import dev.inferyx.queue.memory.MemoryJobStore;
import dev.inferyx.retry.CircuitBreaker;
import dev.inferyx.retry.Retrier;
import dev.inferyx.retry.RetryBudget;
import dev.inferyx.service.DeadLetterAdmin;
import dev.inferyx.service.Idempotency;
import dev.inferyx.service.InferenceService;
import dev.inferyx.service.RateLimiter;
import dev.inferyx.service.ResultReuse;
import dev.inferyx.worker.FailureHandling;
import dev.inferyx.worker.WorkerPool;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded engine: wires the in-memory queue, one batcher and worker pool per model, the service and the
 * HTTP gateway, and owns their lifecycle. The gateway starts first so liveness answers while models load;
 * readiness turns true once every model is loaded and warmed.
 */
public final class EmbeddedServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedServer.class.getName());

    private final InferyxConfig config;
    private final InferenceService service;
    private final HttpGateway gateway;
    private final Map<String, ServedModel> served;
    private final JobQueue queue;
    private volatile boolean ready;
    private volatile boolean closed;

    private EmbeddedServer(InferyxConfig config, InferenceService service, HttpGateway gateway,
                           Map<String, ServedModel> served, JobQueue queue) {
        this.config = config;
        this.service = service;
        this.gateway = gateway;
        this.served = served;
        this.queue = queue;
    }

    /** Starts everything; returns once the port is open and every model is loaded and warmed. */
    public static EmbeddedServer start(InferyxConfig config, InstantSource clock) {
        PrometheusMetrics metrics = new PrometheusMetrics();
        MemoryJobStore store = new MemoryJobStore(config.retention(), clock);
        JobQueue queue = new MeteredJobQueue(new MemoryJobQueue(store, clock), metrics, clock);
        // One shared, thread-safe generator for backoff jitter; its quality matters little, contention less.
        RandomGenerator jitter = new Random();
        Map<String, ServedModel> served = new ConcurrentHashMap<>();
        ConfiguredModelDirectory directory = new ConfiguredModelDirectory(config, served, queue);
        ResultCache cache = new MeteredResultCache(
                new CaffeineResultCache(config.reuse().cache(), clock, metrics), metrics);
        metrics.registerCache(cache::size);
        ResultReuse reuse = new ResultReuse(queue, cache, config.reuse().maxFollowers(), metrics);
        InferenceService service = new InferenceService(queue, directory, clock, metrics, reuse,
                new RateLimiter(config.rateLimits(), clock),
                new Idempotency(new CaffeineIdempotencyStore(config.idempotency(), clock), queue));
        EmbeddedServer[] self = new EmbeddedServer[1];
        HttpGateway gateway = HttpGateway.start(config.http(), config.apiKeys(), config.adminKeys(), service,
                Optional.of(new DeadLetterAdmin(queue, directory, metrics)), metrics, metrics,
                () -> self[0] != null && self[0].isReady());
        EmbeddedServer server = new EmbeddedServer(config, service, gateway, served, queue);
        self[0] = server;
        try {
            for (ModelConfig m : config.models().values()) {
                ServedModel model = load(m, queue, clock, metrics, jitter);
                served.put(m.name(), model);
                registerGauges(m, model, queue, metrics);
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.ready = true;
        LOG.info("ready: " + served.size() + " models on port " + gateway.port());
        return server;
    }

    private static ServedModel load(ModelConfig m, JobQueue queue, InstantSource clock, PrometheusMetrics metrics,
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

    private static void registerGauges(ModelConfig m, ServedModel served, JobQueue queue, PrometheusMetrics metrics) {
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
                return served.pool().workers();
            }

            @Override
            public int busyWorkers() {
                return served.pool().busyWorkers();
            }

            @Override
            public int deadLetters() {
                return queue.deadLetters().count(m.name());
            }

            @Override
            public String breakerState() {
                return served.breaker().state().wireName();
            }
        });
    }

    public int port() {
        return gateway.port();
    }

    public boolean isReady() {
        return ready && !service.isDraining();
    }

    /**
     * Graceful stop: refuse new work (503), let every pool finish its accepted jobs within the drain timeout
     * (the rest fail with code {@code shutdown}), so waiting clients are answered; then close the listener.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        service.startDraining();
        Duration drain = config.drainTimeout();
        List<Thread> drains = new ArrayList<>();
        for (ServedModel m : new LinkedHashMap<>(served).values()) {
            drains.add(Thread.ofPlatform().name("inferyx-drain-" + m.name()).start(() -> drain(m, drain)));
        }
        boolean interrupted = false;
        for (Thread t : drains) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // Waiters are completed by the pools' final finishes; give their HTTP responses a moment to flush.
        gateway.close();
        served.values().forEach(m -> m.model().close());
        queue.close();
        LOG.info("stopped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(ServedModel m, Duration timeout) {
        try {
            m.pool().shutdown(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "draining model " + m.name() + " failed", e);
        }
    }
}
