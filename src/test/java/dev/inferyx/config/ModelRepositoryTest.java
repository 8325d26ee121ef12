package dev.inferyx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.testing.OnnxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a model repository directory: layout, version policy, per-model config, and errors naming the file. */
class ModelRepositoryTest {

    @TempDir
    Path repo;

    private Path version(String model, String version, String fixture) throws IOException {
        Path dir = Files.createDirectories(repo.resolve(model).resolve(version));
        return Files.copy(OnnxFixtures.path(fixture), dir.resolve("model.onnx"));
    }

    private void config(String model, String yaml) throws IOException {
        Files.createDirectories(repo.resolve(model));
        Files.writeString(repo.resolve(model).resolve("config.yaml"), yaml);
    }

    private InferyxConfig load(String yaml) {
        return ConfigLoader.fromYaml("model_repository: " + repo + "\n" + yaml, Map.of());
    }

    @Test
    void highestNumericVersion_isServed_andIsTheModelAndCacheVersion() throws IOException {
        version("add", "1", "add_sub.onnx");
        version("add", "10", "add_sub.onnx");
        Path v2 = version("add", "2", "add_sub.onnx");
        Files.createDirectories(repo.resolve("add").resolve("latest")); // not a number: ignored
        Files.createDirectories(repo.resolve(".cache"));                  // hidden: ignored

        ModelConfig add = load("").repositoryModels().getFirst();

        assertThat(add.name()).isEqualTo("add");
        assertThat(add.version()).isEqualTo("10");
        assertThat(add.cache().version()).isEqualTo("10");
        assertThat(add.spec()).isEqualTo(new ModelSpec.Onnx(repo.resolve("add/10/model.onnx"), 1));
        assertThat(v2).exists();
    }

    @Test
    void configYaml_setsThePerModelKeys_overTheDefaults() throws IOException {
        version("mm", "1", "matmul.onnx");
        config("mm", """
                max_batch_size: 8
                max_batch_delay: 1ms
                min_workers: 1
                max_workers: 2
                cache: false
                aliases: [matmul]
                intra_op_threads: 2
                inputs: [{name: X, datatype: FP32, shape: [-1, 3]}]
                outputs: [{name: Y, datatype: TYPE_FP32, shape: [-1, 2]}]
                """);

        InferyxConfig config = load("defaults: {queue_capacity: 77}");
        ModelConfig mm = config.servedModels().get("mm");

        assertThat(mm.batching()).isEqualTo(new BatchPolicy(8, Duration.ofMillis(1)));
        assertThat(mm.pool().maxWorkers()).isEqualTo(2);
        assertThat(mm.admission().queueCapacity()).isEqualTo(77);
        assertThat(mm.cache().enabled()).isFalse();
        assertThat(mm.aliases()).containsExactly("matmul");
        assertThat(mm.spec()).isEqualTo(new ModelSpec.Onnx(repo.resolve("mm/1/model.onnx"), 2,
                List.of(new TensorSpec("X", DataType.FP32, List.of(-1L, 3L))),
                List.of(new TensorSpec("Y", DataType.FP32, List.of(-1L, 2L)))));
        assertThat(config.servedModels()).containsKeys("sim", "echo", "minilm", "flaky", "mm");
    }

    @Test
    void badConfigValue_failsNamingTheFileAndKey() throws IOException {
        version("mm", "1", "matmul.onnx");
        config("mm", "max_batch_size: 0\n");
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(ConfigException.class)
                .hasMessage("model repository " + repo.resolve("mm/config.yaml") + ": max_batch_size: must be >= 1, "
                        + "was 0");
    }

    @Test
    void typeOrPathInConfigYaml_isUnknown_becauseTheLayoutSaysThem() throws IOException {
        version("mm", "1", "matmul.onnx");
        config("mm", "type: onnx\n");
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("model repository " + repo.resolve("mm/config.yaml") + ": type: unknown key");
    }

    @Test
    void unknownDatatypeInADeclaration_failsListingTheKnownOnes() throws IOException {
        version("mm", "1", "matmul.onnx");
        config("mm", "inputs: [{name: X, datatype: FLOAT, shape: [-1, 3]}]\n");
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mm/config.yaml: inputs[0].datatype: unknown datatype \"FLOAT\" (known: BOOL");
    }

    @Test
    void invalidYaml_failsNamingTheFile() throws IOException {
        version("mm", "1", "matmul.onnx");
        config("mm", "max_batch_size: [\n");
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("model repository " + repo.resolve("mm/config.yaml") + ": invalid YAML");
    }

    @Test
    void highestVersionWithoutModelFile_failsNamingTheMissingFile() throws IOException {
        version("mm", "1", "matmul.onnx");
        Files.createDirectories(repo.resolve("mm/2"));
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(ConfigException.class)
                .hasMessage("model repository " + repo.resolve("mm/2/model.onnx") + ": missing (version 2 of model "
                        + "mm is the highest, so it is the one served)");
    }

    @Test
    void modelWithoutVersions_failsSayingWhatIsExpected() throws IOException {
        Files.createDirectories(repo.resolve("empty"));
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(repo.resolve("empty") + ": no version directory (expected ");
    }

    @Test
    void missingRepository_failsNamingIt() {
        Path missing = repo.resolve("nope");
        assertThatThrownBy(() -> ConfigLoader.fromYaml("model_repository: " + missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("model repository " + missing + ": not a directory");
    }

    @Test
    void repositoryModelNamedLikeAConfigFileModel_fails() throws IOException {
        version("sim", "1", "matmul.onnx");
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model sim: name or alias 'sim' is already used by model sim");
    }

    @Test
    void repositoryAlone_servesWithoutConfigFileModels_andTheEnvironmentNamesIt() throws IOException {
        version("mm", "1", "matmul.onnx");
        InferyxConfig config = ConfigLoader.fromYaml("models: {sim: ~, echo: ~, minilm: ~, flaky: ~}",
                Map.of("INFERYX_MODEL_REPOSITORY", repo.toString()));
        assertThat(config.models()).isEmpty();
        assertThat(config.servedModels()).containsOnlyKeys("mm");
        assertThat(config.repository().orElseThrow().root()).isEqualTo(repo);
    }

    @Test
    void onnxTypeInTheConfigFile_needsAPath() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("models: {m: {type: onnx}}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("models.m.path: missing: the .onnx file to serve");
        ModelConfig m = ConfigLoader.fromYaml("models: {m: {type: onnx, path: x/model.onnx, intra_op_threads: 2}}",
                Map.of()).models().get("m");
        assertThat(m.spec()).isEqualTo(new ModelSpec.Onnx(Path.of("x/model.onnx"), 2));
    }

    @Test
    void demoRepository_inTheProjectRoot_loads() {
        InferyxConfig config = ConfigLoader.fromYaml("", Map.of("INFERYX_MODEL_REPOSITORY", "models"));
        ModelConfig matmul = config.servedModels().get("matmul");
        assertThat(matmul.version()).isEqualTo("1");
        assertThat(((ModelSpec.Onnx) matmul.spec()).inputs())
                .containsExactly(new TensorSpec("X", DataType.FP32, List.of(-1L, 3L)));
    }
}
