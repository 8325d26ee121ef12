package dev.inferyx.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies the environment variables that override the config file, onto a copy of the merged tree:
 * <ul>
 *   <li>{@code INFERYX_HOST} sets {@code server.host};</li>
 *   <li>{@code INFERYX_PORT} sets {@code server.port} (an integer);</li>
 *   <li>{@code INFERYX_API_KEYS} replaces {@code auth.api_keys}: comma-separated {@code name:secret} pairs, or
 *       bare secrets named {@code key-1}, {@code key-2}, ... by position (split at the first colon, so a bare
 *       secret must not contain one);</li>
 *   <li>{@code INFERYX_ADMIN_KEYS} replaces {@code auth.admin_keys}, in the same form;</li>
 *   <li>{@code INFERYX_REDIS_URL} sets {@code redis.url};</li>
 *   <li>{@code INFERYX_MODEL_REPOSITORY} sets {@code model_repository}.</li>
 * </ul>
 * Empty or blank values are ignored. {@code INFERYX_CONFIG} is handled by {@link ConfigLoader}.
 */
final class EnvOverrides {

    static final String HOST = "INFERYX_HOST";
    static final String PORT = "INFERYX_PORT";
    static final String API_KEYS = "INFERYX_API_KEYS";
    static final String ADMIN_KEYS = "INFERYX_ADMIN_KEYS";
    static final String REDIS_URL = "INFERYX_REDIS_URL";
    static final String MODEL_REPOSITORY = "INFERYX_MODEL_REPOSITORY";

    /** The overridden tree, and which key paths came from which variable (for error messages). */
    record Applied(ObjectNode tree, Map<String, String> origins) {
    }

    private EnvOverrides() {
    }

    static Applied apply(ObjectNode merged, Map<String, String> env) {
        ObjectNode tree = merged.deepCopy();
        var origins = new LinkedHashMap<String, String>();
        String host = env.get(HOST);
        if (host != null && !host.isBlank()) {
            section(tree, "server").put("host", host.strip());
            origins.put("server.host", HOST);
        }
        String port = env.get(PORT);
        if (port != null && !port.isBlank()) {
            try {
                section(tree, "server").put("port", Integer.parseInt(port.strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException(PORT + ": expected an integer, was \"" + port + "\"", e);
            }
            origins.put("server.port", PORT);
        }
        String keys = env.get(API_KEYS);
        if (keys != null && !keys.isBlank()) {
            section(tree, "auth").set("api_keys", apiKeys(keys));
            origins.put("auth.api_keys", API_KEYS);
        }
        String adminKeys = env.get(ADMIN_KEYS);
        if (adminKeys != null && !adminKeys.isBlank()) {
            section(tree, "auth").set("admin_keys", apiKeys(adminKeys));
            origins.put("auth.admin_keys", ADMIN_KEYS);
        }
        String redisUrl = env.get(REDIS_URL);
        if (redisUrl != null && !redisUrl.isBlank()) {
            section(tree, "redis").put("url", redisUrl.strip());
            origins.put("redis.url", REDIS_URL);
        }
        String repository = env.get(MODEL_REPOSITORY);
        if (repository != null && !repository.isBlank()) {
            tree.put("model_repository", repository.strip());
            origins.put("model_repository", MODEL_REPOSITORY);
        }
        return new Applied(tree, origins);
    }

    private static ArrayNode apiKeys(String value) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        String[] entries = value.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "key-" + (i + 1) : entry.substring(0, colon).strip();
            String secret = colon < 0 ? entry : entry.substring(colon + 1).strip();
            list.addObject().put("name", name).put("key", secret);
        }
        return list;
    }

    private static ObjectNode section(ObjectNode tree, String key) {
        JsonNode existing = tree.get(key);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return tree.putObject(key);
    }
}
