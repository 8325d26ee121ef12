package dev.inferyx.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A model repository directory, laid out as Triton's:
 * <pre>
 * &lt;root&gt;/&lt;name&gt;/config.yaml          optional: any per-model key of inferyx.yaml (batching, workers,
 *                                   admission, cache, retries, breaker, aliases), intra_op_threads, and
 *                                   declared inputs/outputs
 * &lt;root&gt;/&lt;name&gt;/&lt;version&gt;/model.onnx  version: digits; the highest is served
 * </pre>
 * Directories whose name starts with a dot, and version directories that are not numbers, are ignored. Keys the
 * {@code config.yaml} does not set come from the {@code defaults} section of the main configuration. Every
 * problem is a {@link ConfigException} naming the file or directory at fault.
 *
 * <p>Reads the file system on every call (so an operator's new version is seen by the next load); immutable and
 * thread-safe itself.
 */
public final class ModelRepository {

    /** The model file in each version directory. */
    public static final String MODEL_FILE = "model.onnx";
    /** The per-model settings file beside the version directories. */
    public static final String CONFIG_FILE = "config.yaml";

    private static final String NAME_PATTERN = "[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}";
    private static final String VERSION_PATTERN = "[0-9]{1,18}";

    private final Path root;
    /** {@code {"defaults": {...}}}: the main configuration's merged defaults; never changed. */
    private final ObjectNode defaults;

    ModelRepository(Path root, JsonNode defaults) {
        this.root = root;
        this.defaults = JsonNodeFactory.instance.objectNode();
        this.defaults.set("defaults", defaults.deepCopy());
    }

    public Path root() {
        return root;
    }

    /** Names of the model directories, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            throw new ConfigException("model repository " + root + ": not a directory");
        }
        try (Stream<Path> entries = Files.list(root)) {
            List<String> names = new ArrayList<>();
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (!Files.isDirectory(entry) || name.startsWith(".")) {
                    continue;
                }
                if (!name.matches(NAME_PATTERN)) {
                    throw new ConfigException("model repository " + entry + ": a model directory's name must be "
                            + "1-64 of [a-zA-Z0-9._-]");
                }
                names.add(name);
            }
            return names;
        } catch (IOException e) {
            throw new ConfigException("model repository " + root + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    /** Every model in the repository, each at its highest version; fails on the first bad entry. */
    public List<ModelConfig> scan() {
        List<ModelConfig> models = new ArrayList<>();
        for (String name : names()) {
            models.add(read(name).orElseThrow());
        }
        return models;
    }

    /** Model {@code name} at its highest version, or empty when the repository has no such model directory. */
    public Optional<ModelConfig> read(String name) {
        if (!name.matches(NAME_PATTERN)) {
            return Optional.empty(); // also keeps "..", "/" and the like out of the path
        }
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String version = highestVersion(dir);
        Path file = dir.resolve(version).resolve(MODEL_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("model repository " + file + ": missing (version " + version + " of model "
                    + name + " is the highest, so it is the one served)");
        }
        Path configFile = dir.resolve(CONFIG_FILE);
        ObjectNode settings = readSettings(configFile);
        Section section = Section.root(settings, Map.of())
                .withFallback(Section.root(defaults, Map.of()).child("defaults"));
        try {
            return Optional.of(ModelMapper.mapRepositoryModel(name, version, file, section));
        } catch (ConfigException e) {
            throw new ConfigException("model repository " + configFile + ": " + e.getMessage(), e);
        }
    }

    private static String highestVersion(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(v -> v.matches(VERSION_PATTERN))
                    .max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
                    .orElseThrow(() -> new ConfigException("model repository " + dir + ": no version directory "
                            + "(expected " + dir.resolve("<n>").resolve(MODEL_FILE) + ", n a number)"));
        } catch (IOException e) {
            throw new ConfigException("model repository " + dir + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    private static ObjectNode readSettings(Path configFile) {
        if (!Files.exists(configFile)) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return YamlTree.parse("model repository " + configFile,
                    Files.readString(configFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("model repository " + configFile + ": cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "model repository " + root;
    }
}
