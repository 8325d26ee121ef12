package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.config.ConfigLoader;
import dev.inferyx.config.InferyxConfig;
import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorValues;
import dev.inferyx.queue.Completion;
import dev.inferyx.queue.JobQueue;
import dev.inferyx.service.InferenceService;
import dev.inferyx.service.ModelStatus;
import dev.inferyx.service.SubmitRequest;
import dev.inferyx.testing.OnnxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model repository served by a real server on a random port: loaded at startup, then loaded, reloaded to a new
 * version and unloaded through the admin endpoints, with jobs in flight; errors name the file at fault.
 */
class ModelRepositoryApiTest {

    private static final String ADMIN = "Bearer ops-secret-key-1";

    @TempDir
    Path repo;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void version(String model, String version, String fixture) throws IOException {
        Path dir = Files.createDirectories(repo.resolve(model).resolve(version));
        Files.copy(OnnxFixtures.path(fixture), dir.resolve("model.onnx"));
    }

    private void config(String model, String yaml) throws IOException {
        Files.createDirectories(repo.resolve(model));
        Files.writeString(repo.resolve(model).resolve("config.yaml"), yaml);
    }

    private static InferyxConfig config(Path repo, String auth) {
        return ConfigLoader.fromYaml("""
                server: {port: 0, drain_timeout: 10s}
                model_repository: %s
                defaults: {min_workers: 1, max_workers: 2, max_batch_delay: 1ms}
                models: {sim: ~, minilm: ~, flaky: ~}
                %s
                """.formatted(repo, auth), Map.of());
    }

    private TestServer start(String auth) {
        server = TestServer.of(config(repo, auth));
        return server;
    }

    private TestServer start() {
        return start("");
    }

    private TestServer.Response admin(String path) {
        return server.post(path, "", "Authorization", ADMIN);
    }

    private static Input x(float... row) {
        return new Input.Tensors(List.of(new Tensor("X", DataType.FP32, List.of(1L, 3L),
                new TensorValues.Floats(row))));
    }

    private Job submit(String model, Input input) {
        return server.server.service().submit(new SubmitRequest(Optional.of(model), input, "anonymous", 0,
                Optional.empty()));
    }

    private Job run(String model, Input input) throws InterruptedException {
        InferenceService service = server.server.service();
        return service.await(submit(model, input), Duration.ofSeconds(20));
    }

    private static float[] y(Job job) {
        assertThat(job.status()).as("job %s: %s", job.id(), job.error()).isEqualTo(JobStatus.DONE);
        Tensor y = ((Output.Tensors) job.output().orElseThrow()).tensors().getFirst();
        return ((TensorValues.Floats) y.values()).values();
    }

    private Optional<ModelStatus> status(String model) {
        return server.server.service().models().stream().filter(m -> m.name().equals(model)).findFirst();
    }

    @Test
    void startup_servesEachModelAtItsHighestVersion_overHttpAndTheService() throws Exception {
        version("mm", "1", "matmul.onnx");
        version("mm", "2", "matmul2.onnx");
        version("strings", "1", "strings.onnx");
        start();

        JsonNode index = admin("/v2/repository/index").json();
        assertThat(index.toString()).isEqualTo("[{\"name\":\"mm\",\"version\":\"2\",\"state\":\"READY\",\"reason\":\"\"},"
                + "{\"name\":\"strings\",\"version\":\"1\",\"state\":\"READY\",\"reason\":\"\"}]");
        // W2 = [[2,0],[0,2],[1,1]]: [1,2,3] -> [5, 7]
        assertThat(y(run("mm", x(1, 2, 3)))).containsExactly(5, 7);
        assertThat(status("mm").orElseThrow().version()).isEqualTo("2");
        assertThat(status("mm").orElseThrow().signature()).isPresent();

        JsonNode text = server.post("/infer?wait=20s", "{\"input\": \"héllo\", \"model_id\": \"strings\"}").json();
        assertThat(text.at("/status").asText()).isEqualTo("done");
        assertThat(text.at("/outputs/0").toString())
                .isEqualTo("{\"name\":\"SAME\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"héllo\"]}");
    }

    @Test
    void reload_toANewVersion_servesIt_andNeverAnOldVersionsCachedResult() throws Exception {
        version("mm", "1", "matmul.onnx");
        start();
        Job first = run("mm", x(1, 2, 3));
        assertThat(y(first)).containsExactly(22, 28); // W1 = [[1,2],[3,4],[5,6]]
        assertThat(run("mm", x(1, 2, 3)).cached()).isTrue();

        version("mm", "2", "matmul2.onnx");
        JsonNode loaded = admin("/v2/repository/models/mm/load").json();

        assertThat(loaded.toString()).isEqualTo("{\"name\":\"mm\",\"version\":\"2\",\"state\":\"READY\",\"reason\":\"\"}");
        Job after = run("mm", x(1, 2, 3));
        assertThat(after.cached()).isFalse();
        assertThat(y(after)).containsExactly(5, 7);
        assertThat(status("mm").orElseThrow().version()).isEqualTo("2");
        assertThat(status("mm").orElseThrow().cache().version()).isEqualTo("2");
    }

    @Test
    void reload_whileJobsAreQueuedAndRunning_losesNone() throws Exception {
        version("mm", "1", "matmul.onnx");
        config("mm", "cache: false\nmax_batch_size: 2\nmin_workers: 1\nmax_workers: 1\n");
        start();
        List<Job> accepted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            accepted.add(submit("mm", x(i, 0, 0)));
        }
        version("mm", "2", "matmul2.onnx");
        CompletableFuture<TestServer.Response> reload = CompletableFuture.supplyAsync(
                () -> admin("/v2/repository/models/mm/load"));
        for (int i = 0; i < 100; i++) {
            accepted.add(submit("mm", x(i, 0, 0))); // admitted during the swap
        }
        assertThat(reload.get().status()).isEqualTo(200);

        for (Job job : accepted) {
            Job done = server.server.service().await(job, Duration.ofSeconds(30));
            float[] y = y(done);
            float i = ((TensorValues.Floats) ((Input.Tensors) job.input()).tensors().getFirst().values()).get(0);
            // Run by version 1 ([i, 2i]) or 2 ([2i, 0]): either way, complete and correct for the version that ran it.
            assertThat(y).satisfiesAnyOf(v -> assertThat(v).containsExactly(i, 2 * i),
                    v -> assertThat(v).containsExactly(2 * i, 0));
        }
    }

    @Test
    void unload_refusesNewRequests_finishesAcceptedOnes_andLoadServesItAgain() throws Exception {
        version("mm", "1", "matmul.onnx");
        config("mm", "cache: false\nmax_batch_size: 1\nmin_workers: 1\nmax_workers: 1\n");
        start();
        List<Job> accepted = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            accepted.add(submit("mm", x(1, 1, 1)));
        }

        JsonNode unloaded = admin("/v2/repository/models/mm/unload").json();

        assertThat(unloaded.toString())
                .isEqualTo("{\"name\":\"mm\",\"version\":\"1\",\"state\":\"UNAVAILABLE\",\"reason\":\"unloaded\"}");
        for (Job job : accepted) {
            assertThat(y(server.server.service().await(job, Duration.ofSeconds(1)))).containsExactly(9, 12);
        }
        TestServer.Response refused = server.post("/infer", "{\"input\": \"x\", \"model_id\": \"mm\"}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(status("mm")).isEmpty();
        assertThat(admin("/v2/repository/index").json().toString())
                .isEqualTo("[{\"name\":\"mm\",\"state\":\"UNAVAILABLE\",\"reason\":\"unloaded\"}]");
        assertThat(admin("/v2/repository/models/mm/unload").status()).isEqualTo(200); // already unloaded: no-op

        assertThat(admin("/v2/repository/models/mm/load").status()).isEqualTo(200);
        assertThat(y(run("mm", x(1, 1, 1)))).containsExactly(9, 12);
    }

    @Test
    void unload_takesTheModelsGaugesOutOfMetrics_andLoadPutsThemBack() throws Exception {
        version("mm", "1", "matmul.onnx");
        config("mm", "min_workers: 2\nmax_workers: 2\n");
        start();
        assertThat(y(run("mm", x(1, 1, 1)))).containsExactly(9, 12);
        String[] gauges = {"inferyx_queue_depth", "inferyx_jobs_in_flight", "inferyx_queue_capacity",
                "inferyx_workers", "inferyx_workers_busy", "inferyx_dead_letters", "inferyx_breaker_state"};
        assertThat(gaugeLines("mm", gauges)).hasSize(gauges.length + 2); // breaker_state: one line per state

        admin("/v2/repository/models/mm/unload");

        assertThat(gaugeLines("mm", gauges)).as("no stale values of a stopped model").isEmpty();
        assertThat(gaugeLines("echo", gauges)).as("other models keep theirs").isNotEmpty();
        assertThat(server.metric("inferyx_jobs_finished_total", "model=\"mm\""))
                .as("counters keep their totals").isEqualTo(1);

        admin("/v2/repository/models/mm/load");

        assertThat(server.metric("inferyx_workers", "model=\"mm\"")).isEqualTo(2);
        assertThat(gaugeLines("mm", gauges)).hasSize(gauges.length + 2);
    }

    private List<String> gaugeLines(String model, String... gauges) {
        return server.get("/metrics").body().lines()
                .filter(line -> java.util.Arrays.stream(gauges).anyMatch(g -> line.startsWith(g + "{")))
                .filter(line -> line.contains("model=\"" + model + "\""))
                .toList();
    }

    /** A dead letter of {@code model} as if its batch had failed for good: put straight into the queue. */
    private Job deadLetter(String model, Input input) throws InterruptedException {
        Job job = Job.accepted(JobId.random(), model, input, "anonymous", 0, java.time.Instant.now(),
                Optional.empty());
        JobQueue queue = server.server.queue();
        queue.admit(job, 10);
        assertThat(queue.claim(model, 1, Duration.ZERO)).extracting(Job::id).containsExactly(job.id());
        return queue.finish(job.id(), new Completion.DeadLettered(new JobError("model_error", "boom"))).job();
    }

    @Test
    void unload_leavesTheModelsDeadLettersUnreplayable_409_untilALoadServesItAgain() throws Exception {
        version("mm", "1", "matmul.onnx");
        start();
        admin("/v2/repository/models/mm/unload");
        String id = deadLetter("mm", x(1, 1, 1)).id().value();

        TestServer.Response refused = admin("/admin/dead-letters/" + id + "/replay");
        TestServer.Response refusedAll = admin("/admin/dead-letters/replay?model=mm");
        TestServer.Response all = admin("/admin/dead-letters/replay");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("model_not_served");
        assertThat(refused.json().at("/error/message").asText()).contains("'mm'", id);
        assertThat(refused.json().at("/request_id").asText()).isEqualTo(id);
        assertThat(refusedAll.status()).as(refusedAll.body()).isEqualTo(409);
        assertThat(refusedAll.json().at("/error/code").asText()).isEqualTo("model_not_served");
        assertThat(all.json().toString()).isEqualTo("{\"replayed\":0,\"not_served\":{\"mm\":1}}");
        TestServer.Response kept = server.get("/admin/dead-letters/" + id);
        assertThat(kept.status()).as("the letter stays: " + kept.body()).isEqualTo(200);
        assertThat(kept.json().at("/status").asText()).isEqualTo("failed");
        assertThat(server.get("/admin/dead-letters?model=mm").json().at("/dead_letters/0/request_id").asText())
                .as("still listed by the unloaded model's name").isEqualTo(id);

        assertThat(admin("/v2/repository/models/mm/load").status()).isEqualTo(200);
        TestServer.Response replayed = admin("/admin/dead-letters/" + id + "/replay");
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(y(server.server.service().await(server.server.queue().find(JobId.parse(id).orElseThrow())
                .orElseThrow(), Duration.ofSeconds(20)))).containsExactly(9, 12);
    }

    @Test
    void load_aModelAddedAfterStartup_servesIt() throws Exception {
        version("mm", "1", "matmul.onnx");
        start();
        version("fresh", "3", "add_sub.onnx");
        assertThat(admin("/v2/repository/index").json().toString()).contains(
                "{\"name\":\"fresh\",\"state\":\"UNAVAILABLE\",\"reason\":\"not loaded\"}");

        assertThat(admin("/v2/repository/models/fresh/load").json().at("/version").asText()).isEqualTo("3");

        Tensor a = new Tensor("A", DataType.FP32, List.of(1L, 4L), new TensorValues.Floats(new float[] {1, 2, 3, 4}));
        Job done = run("fresh", new Input.Tensors(List.of(a, a.named("B"))));
        assertThat(((Output.Tensors) done.output().orElseThrow()).tensors().getFirst().values())
                .isEqualTo(new TensorValues.Floats(new float[] {2, 4, 6, 8}));
    }

    @Test
    void serverMetadata_listsTheModelRepositoryExtension() {
        version0();
        start();

        assertThat(server.get("/v2").json().get("extensions").toString())
                .isEqualTo("[\"model_configuration\",\"statistics\",\"model_repository\"]");
    }

    @Test
    void v2MetadataAndConfig_ofAnOnnxModel_nameOnnxRuntimeAsItsPlatform_likeTriton() {
        version0();
        start();

        assertThat(server.get("/v2/models/mm").json().get("platform").asText()).isEqualTo("onnxruntime_onnx");
        assertThat(server.get("/v2/models/mm/config").json().get("platform").asText()).isEqualTo("onnxruntime_onnx");
        TestServer.Response echo = server.get("/v2/models/echo");
        assertThat(echo.json().path("platform").asText()).as(echo.body()).isEqualTo("inferyx");
    }

    @Test
    void load_unknownModel_is404() {
        version0();
        start();
        TestServer.Response r = admin("/v2/repository/models/nope/load");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).contains("nope");
        assertThat(admin("/v2/repository/models/nope/unload").status()).isEqualTo(404);
    }

    private void version0() {
        try {
            version("mm", "1", "matmul.onnx");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void load_brokenModelFile_is400NamingTheFile_andTheOldVersionKeepsServing() throws Exception {
        version("mm", "1", "matmul.onnx");
        start();
        Path broken = Files.createDirectories(repo.resolve("mm/2")).resolve("model.onnx");
        Files.writeString(broken, "not an onnx model");

        TestServer.Response r = admin("/v2/repository/models/mm/load");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText())
                .startsWith("model mm version 2: ONNX model " + broken + ": ONNX Runtime cannot load it: ");
        assertThat(y(run("mm", x(1, 2, 3)))).containsExactly(22, 28);
        assertThat(admin("/v2/repository/index").json().at("/0/version").asText()).isEqualTo("1");
    }

    @Test
    void load_badConfigOrDeclarationThatDisagreesWithTheFile_is400NamingIt() throws Exception {
        version("mm", "1", "matmul.onnx");
        start();
        config("mm", "max_workers: 0\n");
        TestServer.Response badConfig = admin("/v2/repository/models/mm/load");
        assertThat(badConfig.status()).isEqualTo(400);
        assertThat(badConfig.json().get("error").asText())
                .startsWith("model repository " + repo.resolve("mm/config.yaml") + ": max_workers: ");

        config("mm", "inputs: [{name: X, datatype: FP32, shape: [-1, 4]}]\n");
        TestServer.Response disagrees = admin("/v2/repository/models/mm/load");
        assertThat(disagrees.status()).isEqualTo(400);
        assertThat(disagrees.json().get("error").asText()).isEqualTo("model mm version 1: model mm: input "
                + "'X' is declared X FP32 [-1, 4] but is X FP32 [-1, 3] in " + repo.resolve("mm/1/model.onnx"));
    }

    @Test
    void configFileModels_areNotTheRepositorys() {
        version0();
        start();
        TestServer.Response r = admin("/v2/repository/models/echo/unload");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).contains("model echo is defined in the configuration file");
    }

    @Test
    void adminRoutes_needAnAdminKey() {
        version0();
        start("""
                auth:
                  api_keys: [{name: alice, key: alice-secret-key}]
                  admin_keys: [{name: ops, key: ops-secret-key-1}]
                """);
        assertThat(server.post("/v2/repository/index", "").status()).isEqualTo(401);
        assertThat(server.post("/v2/repository/index", "", "Authorization", "Bearer alice-secret-key").status())
                .isEqualTo(401);
        assertThat(server.post("/v2/repository/models/mm/unload", "", "Authorization", "Bearer alice-secret-key")
                .status()).isEqualTo(401);
        assertThat(admin("/v2/repository/index").status()).isEqualTo(200);
    }

    @Test
    void startup_withABrokenModelFile_failsNamingIt() throws IOException {
        Path broken = Files.createDirectories(repo.resolve("bad/1")).resolve("model.onnx");
        Files.writeString(broken, "garbage");
        InferyxConfig config = config(repo, "");
        assertThatThrownBy(() -> TestServer.of(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ONNX model " + broken + ": ONNX Runtime cannot load it");
    }
}
