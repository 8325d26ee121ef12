package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.DeadlineExceededException;
import dev.inferyx.core.DurationFormat;
import dev.inferyx.core.InferyxException;
import dev.inferyx.core.Input;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.core.UnavailableException;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.metrics.InferenceStatistics;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.service.InferenceService;
import dev.inferyx.service.ModelIdentity;
import dev.inferyx.service.ModelStatus;
import dev.inferyx.service.SubmitRequest;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The Open Inference Protocol (KServe V2 / Triton) over HTTP: server metadata and health, model metadata and
 * readiness, infer, and Triton's model configuration and statistics extensions. Errors are {@code {"error": "..."}}
 * ({@link ErrorMapper.Shape#V2}).
 *
 * <p>Infer goes through the same {@link InferenceService} as {@code POST /infer} (auth, rate limit, admission,
 * cache, batcher, pool), so V2 and {@code /infer} jobs of one model batch together; the route waits for the result
 * (at most {@code server.max_wait}). Server metadata and health need no key (probes call them); everything about a
 * model needs an API key when keys are configured, as {@code /infer} and {@code /models} do.
 *
 * <p>Each model serves one version; unversioned paths use it, a path naming another version is 404.
 */
final class V2Routes implements io.helidon.webserver.http.HttpService {

    private static final String SERVER_NAME = "inferyx";
    /** The protocol extensions {@code GET /v2} lists: {@code model_repository} only where those routes are served. */
    static List<String> extensions(boolean repository) {
        return repository
                ? List.of("model_configuration", "statistics", "model_repository")
                : List.of("model_configuration", "statistics");
    }

    /** Marks a request in the binary tensor data extension, whose body is not JSON. */
    private static final io.helidon.http.HeaderName BINARY_HEADER =
            io.helidon.http.HeaderNames.create("Inference-Header-Content-Length");

    private final InferenceService service;
    private final ApiKeyAuthenticator auth;
    private final Json json;
    private final Endpoints endpoints;
    private final ErrorMapper errors;
    private final Metrics metrics;
    private final InferenceStatistics statistics;
    private final HttpConfig config;
    private final BooleanSupplier ready;
    private final V2InferParser parser;
    private final List<String> extensions;

    V2Routes(InferenceService service, ApiKeyAuthenticator auth, Json json, Endpoints endpoints, ErrorMapper errors,
             Metrics metrics, InferenceStatistics statistics, HttpConfig config, BooleanSupplier ready,
             List<String> extensions) {
        this.service = service;
        this.auth = auth;
        this.json = json;
        this.endpoints = endpoints;
        this.errors = errors;
        this.metrics = metrics;
        this.statistics = statistics;
        this.config = config;
        this.ready = ready;
        this.parser = new V2InferParser(json, config.maxInputChars());
        this.extensions = List.copyOf(extensions);
    }

    @Override
    public void routing(HttpRules rules) {
        Endpoints.Registrar v2 = endpoints.onV2(rules)
                .get("/v2", this::server)
                .get("/v2/", this::server)
                .get("/v2/health/live", this::live)
                .get("/v2/health/ready", this::serverReady)
                // Before /v2/models/{m}: Triton's "stats of every model" path shadows a model named "stats".
                .get("/v2/models/stats", this::allStats);
        for (String base : new String[] {"/v2/models/{m}", "/v2/models/{m}/versions/{v}"}) {
            v2.get(base, this::metadata)
                    .get(base + "/ready", this::modelReady)
                    .post(base + "/infer", this::infer)
                    .get(base + "/config", this::config)
                    .get(base + "/stats", this::stats);
        }
    }

    private void server(ServerRequest req, ServerResponse res) {
        ObjectNode body = json.object();
        body.put("name", SERVER_NAME);
        String version = V2Routes.class.getPackage().getImplementationVersion();
        body.put("version", version == null ? "dev" : version);
        ArrayNode names = body.putArray("extensions");
        extensions.forEach(names::add);
        json.send(res, body);
    }

    /** Health answers carry no body; the status is the answer (200 yes, 400 no, as the protocol's servers do). */
    private void live(ServerRequest req, ServerResponse res) {
        res.status(Status.OK_200).send();
    }

    private void serverReady(ServerRequest req, ServerResponse res) {
        res.status(ready.getAsBoolean() ? Status.OK_200 : Status.BAD_REQUEST_400).send();
    }

    /**
     * Ready when the server is and the model is loaded here (on a gateway: a worker published it); a gateway that
     * has no description of the model yet knows no more than that the server is ready.
     */
    private void modelReady(ServerRequest req, ServerResponse res) {
        ModelStatus model = model(req);
        boolean isReady = ready.getAsBoolean() && (model.ready() || model.signature().isEmpty());
        res.status(isReady ? Status.OK_200 : Status.BAD_REQUEST_400).send();
    }

    private void metadata(ServerRequest req, ServerResponse res) {
        ModelStatus model = model(req);
        json.send(res, V2Views.metadata(json, model, signature(model)));
    }

    private void config(ServerRequest req, ServerResponse res) {
        ModelStatus model = model(req);
        json.send(res, V2Views.config(json, model, signature(model)));
    }

    private void stats(ServerRequest req, ServerResponse res) {
        ModelStatus model = model(req);
        ObjectNode body = json.object();
        body.putArray("model_stats").add(V2Views.stats(json, model, statistics.snapshot(model.name())));
        json.send(res, body);
    }

    private void allStats(ServerRequest req, ServerResponse res) {
        auth.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        ObjectNode body = json.object();
        ArrayNode list = body.putArray("model_stats");
        for (ModelStatus model : service.models()) {
            list.add(V2Views.stats(json, model, statistics.snapshot(model.name())));
        }
        json.send(res, body);
    }

    private void infer(ServerRequest req, ServerResponse res) throws InterruptedException {
        String owner;
        ModelIdentity model;
        V2InferRequest request;
        SubmitRequest submit;
        try {
            owner = auth.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
            model = identity(req);
            if (req.headers().contains(BINARY_HEADER)) {
                throw new InvalidRequestException("binary_data_unsupported", "the binary tensor data extension ("
                        + BINARY_HEADER.defaultCase() + ") is not supported; send the tensors as JSON");
            }
            request = parser.parse(RequestBody.read(req, config.maxBodyBytes()));
            V2InferRequest parsed = request;
            String name = model.name();
            // Inputs are checked at admission (submit), wherever the signature is known (on a gateway: once published).
            model.signature().ifPresent(signature -> V2InferParser.checkOutputs(parsed, name, signature));
            submit = new SubmitRequest(Optional.of(model.name()), new Input.Tensors(request.inputs()), owner,
                    request.priority(), request.timeout()).withIdempotencyKey(InferenceRoutes.idempotencyKey(req));
        } catch (InferyxException e) {
            // Refused before admission; a client-chosen name must not become a label value.
            metrics.requestRejected("unknown", e.code());
            throw e;
        }
        Job job = service.await(service.submit(submit), config.maxWait());
        Optional<String> jobId = Optional.of(job.id().value());
        if (job.status() == JobStatus.DONE) {
            json.send(res, V2Views.inferResponse(json, model.name(), model.version(), request.id(),
                    job.output().orElseThrow(), request.outputs()));
        } else if (job.status() == JobStatus.FAILED) {
            errors.sendFailedJob(res, job.error().orElseThrow(), jobId, ErrorMapper.Shape.V2);
        } else {
            throw new DeadlineExceededException("job " + job.id().value() + " of model " + model.name()
                    + " did not finish within server.max_wait (" + DurationFormat.format(config.maxWait()) + "); it is "
                    + job.status().wireName() + " and readable at /result/" + job.id().value(), jobId);
        }
    }

    /** The model (and version) the path names, with an API key check; 404 when not served. */
    private ModelStatus model(ServerRequest req) {
        auth.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        String name = req.path().pathParameters().get("m");
        ModelStatus model = service.model(name).orElseThrow(() -> NotFoundException.model(name));
        checkVersion(req, model.name(), model.version());
        return model;
    }

    private ModelIdentity identity(ServerRequest req) {
        String name = req.path().pathParameters().get("m");
        ModelIdentity model = service.identity(name).orElseThrow(() -> NotFoundException.model(name));
        checkVersion(req, model.name(), model.version());
        return model;
    }

    private static void checkVersion(ServerRequest req, String model, String served) {
        Optional<String> version = req.path().pathParameters().first("v").asOptional();
        if (version.isPresent() && !version.get().equals(served)) {
            throw NotFoundException.modelVersion(model, version.get(), served);
        }
    }

    /** The model's signature; a process that does not load the model (a gateway) cannot describe it. */
    private static Signature signature(ModelStatus model) {
        return model.signature().orElseThrow(() -> new UnavailableException("model_not_loaded", "model '"
                + model.name() + "' is not loaded in this process (still loading, or a gateway, which runs no "
                + "models), so its inputs and outputs are unknown here", Duration.ofSeconds(5)));
    }
}
