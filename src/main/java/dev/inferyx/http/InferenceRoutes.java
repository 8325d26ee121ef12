package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.InferyxException;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.service.InferenceService;
import dev.inferyx.service.ModelStatus;
import dev.inferyx.service.SubmitRequest;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The inference API: {@code POST /infer}, {@code GET /result/{id}}, {@code GET /models}. Every route needs an
 * API key unless the server is open.
 */
final class InferenceRoutes implements HttpService {

    private final InferenceService service;
    private final ApiKeyAuthenticator auth;
    private final InferRequestParser parser;
    private final Json json;
    private final Endpoints endpoints;
    private final Metrics metrics;
    private final HttpConfig config;

    InferenceRoutes(InferenceService service, ApiKeyAuthenticator auth, Json json, Endpoints endpoints,
                    Metrics metrics, HttpConfig config) {
        this.service = service;
        this.auth = auth;
        this.json = json;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.config = config;
        this.parser = new InferRequestParser(json, config.maxInputChars());
    }

    @Override
    public void routing(HttpRules rules) {
        endpoints.on(rules)
                .post("/infer", this::infer)
                .get("/result/{id}", this::result)
                .get("/models", this::models);
    }

    private void infer(ServerRequest req, ServerResponse res) throws InterruptedException {
        SubmitRequest request;
        Duration wait;
        try {
            String owner = auth.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
            byte[] body = RequestBody.readJson(req, config.maxBodyBytes());
            request = parser.parse(body, owner).withIdempotencyKey(idempotencyKey(req));
            wait = WaitParameter.parse(req.query().first("wait").asOptional(), config.maxWait());
        } catch (InferyxException e) {
            // Refused before a model was resolved: a client-chosen name must not become a label value.
            metrics.requestRejected("unknown", e.code());
            throw e;
        }
        Job job = service.submit(request);
        if (!wait.isZero()) {
            Job latest = service.await(job, wait);
            if (latest.status().isTerminal()) {
                json.send(res.status(Status.OK_200), JobView.full(json, latest));
                return;
            }
            job = latest;
        }
        // Without ?wait= the answer is always 202, even if a fast model already finished: clients poll.
        res.status(Status.ACCEPTED_202);
        res.header(HeaderNames.LOCATION, "/result/" + job.id().value());
        json.send(res, JobView.accepted(json, job));
    }

    private static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");

    /** The {@code Idempotency-Key} header, if sent: 1-255 printable ASCII characters. */
    static Optional<String> idempotencyKey(ServerRequest req) {
        Optional<String> key = req.headers().first(IDEMPOTENCY_KEY);
        if (key.isPresent() && !key.get().matches("[\\x20-\\x7e]{1,255}")) {
            throw new InvalidRequestException("invalid_idempotency_key",
                    "Idempotency-Key must be 1-255 printable ASCII characters");
        }
        return key;
    }

    private void result(ServerRequest req, ServerResponse res) throws InterruptedException {
        String owner = auth.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        String raw = req.path().pathParameters().get("id");
        JobId id = JobId.parse(raw).orElseThrow(() -> NotFoundException.job(raw));
        Duration wait = WaitParameter.parse(req.query().first("wait").asOptional(), config.maxWait());
        Job job = service.await(service.find(id, owner), wait);
        json.send(res.status(Status.OK_200), JobView.full(json, job));
    }

    private void models(ServerRequest req, ServerResponse res) {
        auth.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        ObjectNode body = json.object();
        ArrayNode list = body.putArray("models");
        for (ModelStatus m : service.models()) {
            list.add(modelView(m));
        }
        json.send(res, body);
    }

    private ObjectNode modelView(ModelStatus m) {
        ObjectNode node = json.object();
        node.put("name", m.name());
        m.aliases().forEach(node.putArray("aliases")::add);
        node.put("description", m.description());
        node.put("ready", m.ready());
        ObjectNode batching = node.putObject("batching");
        batching.put("max_batch_size", m.maxBatchSize());
        batching.put("max_batch_delay_ms", m.maxBatchDelay().toNanos() / 1e6);
        ObjectNode pool = node.putObject("pool");
        pool.put("min_workers", m.minWorkers());
        pool.put("max_workers", m.maxWorkers());
        pool.put("jobs_per_worker", m.jobsPerWorker());
        pool.put("idle_timeout_ms", m.idleTimeout().toMillis());
        pool.put("workers", m.workers());
        pool.put("busy_workers", m.busyWorkers());
        ObjectNode queue = node.putObject("queue");
        queue.put("capacity", m.queueCapacity());
        queue.put("queued", m.queued());
        queue.put("unfinished", m.unfinished());
        m.defaultTimeout().ifPresentOrElse(t -> queue.put("default_timeout_ms", t.toMillis()),
                () -> queue.putNull("default_timeout_ms"));
        queue.put("dead_letters", m.deadLetters());
        node.putObject("breaker").put("state", m.breakerState());
        ObjectNode cache = node.putObject("cache");
        cache.put("enabled", m.cache().enabled());
        cache.put("version", m.cache().version());
        return node;
    }
}
