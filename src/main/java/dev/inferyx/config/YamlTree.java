package dev.inferyx.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Map;

/** Parses YAML into a tree and deep-merges trees. Pure functions; the trees are never shared or mutated. */
final class YamlTree {

    private YamlTree() {
    }

    /**
     * Parses one YAML document whose top level must be a mapping; an empty document is an empty mapping.
     * Duplicate keys are errors (the second would silently win).
     *
     * @param source named in error messages: a file path or "bundled inferyx.yaml"
     */
    static ObjectNode parse(String source, String text) {
        YAMLMapper mapper = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(source + ": invalid YAML: " + e.getOriginalMessage()
                    + location(e), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(source + ": expected a mapping of keys at the top level, was "
                    + Section.describe(tree));
        }
        return (ObjectNode) tree;
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /**
     * {@code over} merged onto {@code base}: mappings merge key by key, recursively; anything else in
     * {@code over} (scalars, lists) replaces what {@code base} had; a null ({@code ~}) in {@code over} removes
     * the key. Neither argument is changed.
     */
    static ObjectNode merge(ObjectNode base, ObjectNode over) {
        ObjectNode result = base.deepCopy();
        for (Map.Entry<String, JsonNode> entry : over.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            JsonNode existing = result.get(key);
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                result.set(key, merge((ObjectNode) existing, (ObjectNode) value));
            } else {
                result.set(key, value.deepCopy());
            }
        }
        return result;
    }
}
