package dev.inferyx.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.inferyx.core.DurationFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A mapping in the merged config tree, with its full key path, read through typed getters that report the
 * path and the bad value. A section may have a fallback (a model falls back to {@code defaults}): keys it
 * lacks are read there, and errors then name where the value was actually written.
 *
 * <p>It remembers which keys were read, so {@link #construct} can turn a record's
 * {@code "max_batch_size must be >= 1, was 0"} into {@code "models.sim.max_batch_size: must be >= 1, was 0"}.
 * Not thread-safe; lives only while one config is loaded.
 */
final class Section {

    private final String path;
    private final JsonNode node;
    private final Section fallback;
    private final Map<String, String> envOrigins;
    private final Set<String> read = new HashSet<>();

    private Section(String path, JsonNode node, Section fallback, Map<String, String> envOrigins) {
        this.path = path;
        this.node = node;
        this.fallback = fallback;
        this.envOrigins = envOrigins;
    }

    /**
     * @param envOrigins key path to the environment variable that set it, named in errors about it
     */
    static Section root(JsonNode node, Map<String, String> envOrigins) {
        return new Section("", node, null, envOrigins);
    }

    String path() {
        return path;
    }

    /** A copy of this section's own mapping (not the fallback's). */
    JsonNode copyOfTree() {
        return node.deepCopy();
    }

    /** This section reading missing keys from {@code defaults}. */
    Section withFallback(Section defaults) {
        return new Section(path, node, defaults, envOrigins);
    }

    /** The mapping under {@code key}; an absent key reads as an empty mapping. */
    Section child(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        if (value == null) {
            return new Section(pathOf(key), JsonNodeFactory.instance.objectNode(), null, envOrigins);
        }
        if (!value.isObject()) {
            throw error(key, "expected a mapping of keys, was " + describe(value));
        }
        return new Section(pathOf(key), value, null, envOrigins);
    }

    /** Own keys (not the fallback's), in file order. */
    List<String> keys() {
        var keys = new ArrayList<String>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Fails on the first own key not in {@code known}, listing the known ones. */
    void allowOnly(Collection<String> known) {
        for (String key : keys()) {
            if (!known.contains(key)) {
                String suggestion = known.stream().filter(k -> distance(k, key) <= 2).findFirst()
                        .map(k -> "did you mean " + k + "? ").orElse("");
                throw new ConfigException(pathOf(key) + ": unknown key (" + suggestion + "known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    boolean has(String key) {
        return node.has(key) || (fallback != null && fallback.has(key));
    }

    String string(String key) {
        JsonNode value = require(key);
        if (!value.isTextual()) {
            throw error(key, "expected a string, was " + describe(value));
        }
        return value.textValue();
    }

    int integer(String key) {
        JsonNode value = require(key);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw error(key, "expected an integer, was " + describe(value));
        }
        return value.intValue();
    }

    long longInteger(String key) {
        JsonNode value = require(key);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw error(key, "expected an integer, was " + describe(value));
        }
        return value.longValue();
    }

    double number(String key) {
        JsonNode value = require(key);
        if (!value.isNumber()) {
            throw error(key, "expected a number, was " + describe(value));
        }
        return value.doubleValue();
    }

    boolean bool(String key) {
        JsonNode value = require(key);
        if (!value.isBoolean()) {
            throw error(key, "expected true or false, was " + describe(value));
        }
        return value.booleanValue();
    }

    /** A duration such as {@code 250ms}; see {@link DurationFormat}. */
    Duration duration(String key) {
        JsonNode value = require(key);
        if (!value.isTextual()) {
            throw error(key, "expected a duration like 250ms, 10s, 2m or 1h, was " + describe(value)
                    + (value.isNumber() ? " (a bare number has no unit)" : ""));
        }
        try {
            return DurationFormat.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    /** A duration, or {@code none} for no duration at all. */
    Optional<Duration> optionalDuration(String key) {
        JsonNode value = require(key);
        if (value.isTextual() && value.textValue().equals("none")) {
            return Optional.empty();
        }
        return Optional.of(duration(key));
    }

    /** A number, or {@code none} for no value at all. */
    Optional<Double> optionalNumber(String key) {
        JsonNode value = require(key);
        if (value.isTextual() && value.textValue().equals("none")) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw error(key, "expected a number or none, was " + describe(value));
        }
        return Optional.of(value.doubleValue());
    }

    /** A list of strings; absent reads as empty. */
    List<String> strings(String key) {
        var result = new ArrayList<String>();
        List<JsonNode> items = items(key);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isTextual()) {
                throw new ConfigException(withOrigin(pathOf(key) + "[" + i + "]") + ": expected a string, was "
                        + describe(item));
            }
            result.add(item.textValue());
        }
        return result;
    }

    /** A list of integers; absent reads as empty. */
    List<Long> longs(String key) {
        var result = new ArrayList<Long>();
        List<JsonNode> items = items(key);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToLong()) {
                throw new ConfigException(withOrigin(pathOf(key) + "[" + i + "]") + ": expected an integer, was "
                        + describe(item));
            }
            result.add(item.longValue());
        }
        return result;
    }

    /** A list of mappings, each a section named {@code key[i]}; absent reads as empty. */
    List<Section> sections(String key) {
        var result = new ArrayList<Section>();
        List<JsonNode> items = items(key);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            if (!items.get(i).isObject()) {
                throw new ConfigException(withOrigin(itemPath) + ": expected a mapping of keys, was "
                        + describe(items.get(i)));
            }
            result.add(new Section(itemPath, items.get(i), null, envOrigins));
        }
        return result;
    }

    private List<JsonNode> items(String key) {
        if (!has(key)) {
            read.add(key);
            return List.of();
        }
        JsonNode value = require(key);
        if (!value.isArray()) {
            throw error(key, "expected a list, was " + describe(value));
        }
        var items = new ArrayList<JsonNode>();
        value.elements().forEachRemaining(items::add);
        return items;
    }

    private JsonNode require(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        if (value != null) {
            return value;
        }
        if (fallback != null && fallback.has(key)) {
            return fallback.require(key);
        }
        throw error(key, "missing (every key has a default in the bundled inferyx.yaml; was it removed with ~?)");
    }

    /** The full path of {@code key}: this section's, or the fallback's if the value was inherited. */
    String pathOf(String key) {
        if (!node.has(key) && fallback != null && fallback.has(key)) {
            return fallback.pathOf(key);
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    /** An error about {@code key}'s value: "path: message", noting inheritance or an environment variable. */
    ConfigException error(String key, String message) {
        String where = pathOf(key);
        String inherited = where.equals(path.isEmpty() ? key : path + "." + key) ? "" : " (applies to " + path + ")";
        return new ConfigException(withOrigin(where) + ": " + message + inherited);
    }

    private String withOrigin(String fullPath) {
        for (Map.Entry<String, String> origin : envOrigins.entrySet()) {
            String p = origin.getKey();
            if (fullPath.equals(p) || fullPath.startsWith(p + ".") || fullPath.startsWith(p + "[")) {
                return fullPath + " (from " + origin.getValue() + ")";
            }
        }
        return fullPath;
    }

    /** Runs a record constructor, turning its IllegalArgumentException into an error naming this path. */
    <T> T construct(Supplier<T> constructor) {
        return construct(path, constructor, this);
    }

    /**
     * Runs a record constructor. When its message starts with a key one of {@code sources} read (records name
     * their config key first: "max_workers must be ..."), the error names that key's full path; otherwise it
     * is prefixed with {@code where}.
     */
    static <T> T construct(String where, Supplier<T> constructor, Section... sources) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int space = message.indexOf(' ');
            String firstWord = space < 0 ? message : message.substring(0, space);
            for (Section source : sources) {
                if (source.read.contains(firstWord)) {
                    throw source.error(firstWord, message.substring(space + 1));
                }
            }
            String origin = sources.length == 0 || where.isEmpty() ? where : sources[0].withOrigin(where);
            throw new ConfigException((where.isEmpty() ? "" : origin + ": ") + message, e);
        }
    }

    /** A value as shown in errors: strings quoted, others as JSON, cut short. */
    static String describe(JsonNode value) {
        String text = value.isTextual() ? "\"" + value.textValue() + "\"" : value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
