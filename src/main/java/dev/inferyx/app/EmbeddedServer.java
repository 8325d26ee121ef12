package dev.inferyx.app;

import dev.inferyx.cache.FlightLeaders;
import dev.inferyx.cache.IdempotencyStore;
import dev.inferyx.cache.LocalFlightLeaders;
import dev.inferyx.cache.MeteredResultCache;
import dev.inferyx.cache.ResultCache;
import dev.inferyx.cache.caffeine.CaffeineIdempotencyStore;
import dev.inferyx.cache.caffeine.CaffeineResultCache;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.core.UnavailableException;
import dev.inferyx.http.HttpGateway;
import dev.inferyx.metrics.FanOutMetrics;
import dev.inferyx.metrics.InferenceStatistics;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.metrics.prometheus.PrometheusMetrics;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.redis.RetryPromoter;
import dev.inferyx.queue.redis.WorkerHeartbeat;
import dev.inferyx.retry.BreakerListener;
import dev.inferyx.service.DeadLetterAdmin;
import dev.inferyx.service.Idempotency;
import dev.inferyx.service.InferenceService;
import dev.inferyx.service.LocalTokenBuckets;
import dev.inferyx.service.RateLimiter;
import dev.inferyx.service.RepositoryAdmin;
import dev.inferyx.service.ResultReuse;
import dev.inferyx.service.TokenBuckets;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One Inferyx process in one {@link Role}, wired from reusable pieces: the queue backend ({@link QueueBackend}),
 * the API side (service with result cache, coalescing, idempotency and rate limits, the dead-letter admin API and
 * the full HTTP gateway) and the worker side ({@link ModelPools}: batchers, pools, retries and circuit breakers).
 * {@code serve} runs both sides ({@link Role#ALL}) on the in-memory queue, or on Redis when {@code redis.url} is
 * set; {@code gateway} and {@code worker} run one side each on Redis, and a worker's HTTP port serves only health
 * and metrics.
 *
 * <p>The HTTP port opens first so liveness answers while models load; readiness turns true once every model
 * this process runs is loaded and warmed.
 */
public final class EmbeddedServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedServer.class.getName());
    private static final java.time.Duration HEARTBEAT_INTERVAL = java.time.Duration.ofSeconds(5);
    /** The longest a due retry waits to go back to its stream when nobody claims its model. */
    private static final java.time.Duration RETRY_PROMOTION_INTERVAL = java.time.Duration.ofSeconds(1);

    private final InferyxConfig config;
    private final Role role;
    private final InferenceService service;
    private final JobQueue queue;
    private HttpGateway gateway;
    private ModelPools pools;
    private WorkerHeartbeat heartbeat;
    private RetryPromoter promoter;
    private Optional<RepositoryModels> repository = Optional.empty();
    private volatile boolean ready;
    private volatile boolean closed;

    private EmbeddedServer(InferyxConfig config, Role role, InferenceService service, JobQueue queue) {
        this.config = config;
        this.role = role;
        this.service = service;
        this.queue = queue;
    }

    /** The whole engine in one process; returns once the port is open and every model is loaded and warmed. */
    public static EmbeddedServer start(InferyxConfig config, InstantSource clock) {
        return start(config, clock, Role.ALL);
    }

    static EmbeddedServer start(InferyxConfig config, InstantSource clock, Role role) {
        PrometheusMetrics prometheus = new PrometheusMetrics();
        // The V2 stats routes read the same events Prometheus counts, kept per model in Triton's terms.
        InferenceStatistics statistics = new InferenceStatistics(clock);
        Metrics metrics = new FanOutMetrics(prometheus, statistics);
        QueueBackend.Opened opened;
        try {
            opened = QueueBackend.open(config, role, clock, metrics);
        } catch (UnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        JobQueue queue = opened.queue();
        // Every model is served (by name) from the start, so /models lists them while they load.
        ServedModels served = new ServedModels();
        config.servedModels().values().forEach(m -> served.put(m, Optional.empty()));
        // On Redis the API side also refuses admission while any worker holds the model's breaker open.
        Optional<FleetBreakers> fleetBreakers = role.servesApi()
                ? opened.redis().map(redis -> new FleetBreakers(redis.breakerStates(), clock))
                : Optional.empty();
        // A gateway loads no model: it describes models (metadata, config, input checks) as the workers publish them.
        Optional<PublishedModels> published = role.servesApi() && !role.runsModels()
                ? opened.redis().map(redis -> new PublishedModels(redis.modelDescriptions(), clock))
                : Optional.empty();
        ConfiguredModelDirectory directory = new ConfiguredModelDirectory(served, queue, fleetBreakers, published);
        // Loading and unloading at run time needs both sides in this process: the API to serve the names and the
        // pools to run them.
        Optional<RepositoryModels> repository = role.servesApi() && role.runsModels()
                ? config.repository().map(r -> new RepositoryModels(r, config.repositoryModels(), served,
                        config.drainTimeout()))
                : Optional.empty();
        InferenceService service = role.servesApi()
                ? apiService(config, opened, directory, clock, metrics)
                : new InferenceService(queue, directory, clock, metrics);
        EmbeddedServer server = new EmbeddedServer(config, role, service, queue);
        server.repository = repository;
        try {
            server.gateway = role.servesApi()
                    ? HttpGateway.start(config.http(), config.apiKeys(), config.adminKeys(), service,
                            Optional.of(new DeadLetterAdmin(queue, directory, metrics)),
                            repository.map(r -> (RepositoryAdmin) r), metrics, prometheus, statistics,
                            server::isReady)
                    : HttpGateway.startOpsOnly(config.http(), metrics, prometheus, server::isReady);
            if (role.runsModels()) {
                JobQueue poolQueue = queue;
                Optional<ModelDescriptionPublisher> descriptions = Optional.empty();
                if (opened.redis().isPresent()) {
                    // Heartbeats let each worker process size its pools from its share of the fleet's backlog.
                    // Each beat also republishes the loaded models' descriptions for the gateways, with a TTL of the
                    // heartbeat's, so they outlive this process by as little as its membership does.
                    ModelDescriptionPublisher publisher = new ModelDescriptionPublisher(
                            opened.redis().get().modelDescriptions(), served, HEARTBEAT_INTERVAL.multipliedBy(3));
                    descriptions = Optional.of(publisher);
                    server.heartbeat = WorkerHeartbeat.start(opened.redis().get(), HEARTBEAT_INTERVAL,
                            publisher::publishAll);
                    server.promoter = RetryPromoter.start(opened.redis().get(), RETRY_PROMOTION_INTERVAL);
                    poolQueue = new FleetShareQueue(queue, server.heartbeat::liveWorkers);
                }
                BreakerListener breakers = opened.redis()
                        .<BreakerListener>map(redis -> new FleetBreakerPublisher(redis.breakerStates(), clock))
                        .orElse(BreakerListener.NONE);
                server.pools = ModelPools.start(config.servedModels().values(), poolQueue, queue, clock, metrics,
                        served, QueueBackend.isShared(config), breakers, directory::breakerState);
                descriptions.ifPresent(ModelDescriptionPublisher::publishAll);
                ModelPools started = server.pools;
                repository.ifPresent(r -> r.started(started));
            } else {
                for (ModelConfig m : config.servedModels().values()) {
                    ModelPools.registerGauges(m.name(), served, queue, metrics, directory::breakerState);
                }
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.ready = true;
        LOG.info("ready (" + role.name().toLowerCase(java.util.Locale.ROOT) + ", "
                + (QueueBackend.isShared(config) ? "redis " + config.redis().redactedUrl() : "in-memory queue")
                + "): " + served.entries().size() + " models running on port " + server.gateway.port());
        return server;
    }

    /**
     * The API side's service: cache -> coalesce -> admit, Idempotency-Key and per-key rate limits. On Redis the
     * result cache, the idempotency keys, the rate-limit buckets and the in-flight leader of each cache key are
     * shared by every gateway; coalesced followers are held in the shared queue.
     */
    private static InferenceService apiService(InferyxConfig config, QueueBackend.Opened opened,
                                               ConfiguredModelDirectory directory, InstantSource clock,
                                               Metrics metrics) {
        JobQueue queue = opened.queue();
        IdempotencyStore keys = opened.redis()
                .<IdempotencyStore>map(redis -> new SharedIdempotencyStore(
                        redis.idempotencyKeys(config.idempotency().ttl(), config.idempotency().maxKeys())))
                .orElseGet(() -> new CaffeineIdempotencyStore(config.idempotency(), clock));
        ResultCache results = opened.redis()
                .<ResultCache>map(redis -> new SharedResultCache(redis.resultEntries(config.reuse().cache().ttl(),
                        config.reuse().cache().maxEntries()), metrics))
                .orElseGet(() -> new CaffeineResultCache(config.reuse().cache(), clock, metrics));
        ResultCache cache = new MeteredResultCache(results, metrics);
        metrics.registerCache(cache::size);
        // A claim outlives its leader only if the leading process dies; the job record's own unfinished TTL bounds it.
        FlightLeaders leaders = opened.redis()
                .<FlightLeaders>map(redis -> new SharedFlightLeaders(
                        redis.flightLeaders(config.redis().unfinishedTtl())))
                .orElseGet(() -> new LocalFlightLeaders(config.redis().unfinishedTtl(), clock));
        ResultReuse reuse = new ResultReuse(queue, cache, config.reuse().maxFollowers(), metrics, leaders);
        TokenBuckets buckets = opened.redis()
                .<TokenBuckets>map(redis -> new SharedTokenBuckets(redis.tokenBuckets()))
                .orElseGet(LocalTokenBuckets::new);
        return new InferenceService(queue, directory, clock, metrics, reuse,
                new RateLimiter(config.rateLimits(), clock, buckets),
                new Idempotency(keys, queue));
    }

    public int port() {
        return gateway.port();
    }

    public boolean isReady() {
        return ready && !service.isDraining();
    }

    Role role() {
        return role;
    }

    /** The service behind the API, for tests that submit tensors without going through HTTP. */
    InferenceService service() {
        return service;
    }

    /** The job queue, for tests that put a job in a state HTTP cannot reach (e.g. a model's dead letter). */
    JobQueue queue() {
        return queue;
    }

    /**
     * Graceful stop: refuse new work (503), let every pool finish its accepted jobs within the drain timeout
     * (the rest fail with code {@code shutdown}; on a shared Redis queue, jobs not yet claimed or waiting to
     * retry stay queued for other workers), so waiting clients are answered; then close the listener.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        service.startDraining();
        repository.ifPresent(RepositoryModels::stopping);
        if (pools != null) {
            pools.drain(config.drainTimeout());
        }
        // Waiters are completed by the pools' final finishes; give their HTTP responses a moment to flush.
        if (gateway != null) {
            gateway.close();
        }
        if (pools != null) {
            pools.closeModels();
        }
        if (promoter != null) {
            promoter.close();
        }
        if (heartbeat != null) {
            heartbeat.close();
        }
        queue.close();
        LOG.info("stopped");
    }
}
