package dev.inferyx.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.DurationFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the configuration in three layers, each overriding the one before:
 * <ol>
 *   <li>the bundled {@code inferyx.yaml}, which sets every key and documents each one (it is the reference);</li>
 *   <li>the user's file ({@code --config path}, else {@code INFERYX_CONFIG}), deep-merged over it: mappings
 *       merge key by key, lists and scalars replace, {@code ~} removes a key (e.g. a bundled model);</li>
 *   <li>environment variables {@code INFERYX_HOST}, {@code INFERYX_PORT}, {@code INFERYX_API_KEYS}
 *       (see {@link EnvOverrides}).</li>
 * </ol>
 * Unknown keys, wrong types and invalid values are all {@link ConfigException}s naming the full key path and
 * the bad value. Durations are written {@code 5ms}, {@code 10s}, {@code 2m}, {@code 1h} (see
 * {@link DurationFormat}). Stateless and thread-safe.
 */
public final class ConfigLoader {

    /** Classpath resource holding every default. */
    public static final String BUNDLED_RESOURCE = "/inferyx.yaml";

    /** Names the user file when no {@code --config} is given. */
    public static final String CONFIG_ENV = "INFERYX_CONFIG";

    private ConfigLoader() {
    }

    /**
     * @param userFile the {@code --config} file; when empty, {@code env}'s {@code INFERYX_CONFIG} names it, if set
     * @param env      the process environment ({@code System.getenv()} in production)
     * @throws ConfigException naming the key path (or file, or variable) and the bad value
     */
    public static InferyxConfig load(Optional<Path> userFile, Map<String, String> env) {
        Optional<Path> file = userFile.or(() -> Optional.ofNullable(env.get(CONFIG_ENV))
                .filter(p -> !p.isBlank()).map(Path::of));
        ObjectNode user = file.map(ConfigLoader::readUserFile).orElseGet(() -> YamlTree.parse("user config", ""));
        return build(user, env);
    }

    /** Like {@link #load} with the user file's content given as text (for tests and embedding). */
    public static InferyxConfig fromYaml(String userYaml, Map<String, String> env) {
        return build(YamlTree.parse("user config", userYaml), env);
    }

    /** The bundled defaults alone. */
    public static InferyxConfig defaults() {
        return fromYaml("", Map.of());
    }

    /** The bundled reference file's text, comments included. */
    public static String bundledYaml() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + BUNDLED_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLED_RESOURCE, e);
        }
    }

    private static InferyxConfig build(ObjectNode user, Map<String, String> env) {
        ObjectNode merged = YamlTree.merge(YamlTree.parse("bundled inferyx.yaml", bundledYaml()), user);
        EnvOverrides.Applied applied = EnvOverrides.apply(merged, env);
        return ConfigMapper.map(Section.root(applied.tree(), applied.origins()));
    }

    private static ObjectNode readUserFile(Path path) {
        try {
            return YamlTree.parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + path + ": not found", e);
        } catch (IOException e) {
            throw new ConfigException("config file " + path + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
