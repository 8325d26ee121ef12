package dev.inferyx.queue.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.TensorSpec;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the worker processes say about the models they run, shared on one Redis so that a gateway, which loads no
 * model, can answer the Open Inference Protocol's metadata and config and check inputs against the signature at
 * admission.
 *
 * <p>One string per model, {@code {p}md:{model}}: a JSON object with the name, version, platform and signature
 * (each tensor's name, datatype, shape and optional flag). Each publish replaces it and sets its TTL; the worker
 * republishes on every heartbeat, so the key outlives the last worker running the model by at most one TTL. Workers
 * running one model under one configuration publish the same description; during a rolling change of version the
 * last writer wins, and a reader compares the version with its own. Thread-safe.
 */
public final class RedisModelDescriptions {

    /** One model as a worker that runs it describes it. */
    public record Description(String name, String version, String platform, Signature signature) {
        public Description {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(signature, "signature");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisConnections redis;
    private final String prefix;

    RedisModelDescriptions(RedisConnections redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /** Publishes {@code description} for {@code ttl} (> 0), replacing what any worker published for that model. */
    public void publish(Description description, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("description TTL must be positive, was " + ttl);
        }
        try {
            redis.sync().set(key(description.name()), encode(description), SetArgs.Builder.px(ttl.toMillis()));
        } catch (RedisException e) {
            throw redis.unavailable(e);
        }
    }

    /** The description a worker published for {@code model}, empty when none is live. */
    public Optional<Description> read(String model) {
        String text;
        try {
            text = redis.sync().get(key(Objects.requireNonNull(model, "model")));
        } catch (RedisException e) {
            throw redis.unavailable(e);
        }
        return text == null ? Optional.empty() : Optional.of(decode(text));
    }

    private String key(String model) {
        return prefix + "md:" + model;
    }

    static String encode(Description d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", d.name());
        node.put("version", d.version());
        node.put("platform", d.platform());
        specs(node.putArray("inputs"), d.signature().inputs());
        specs(node.putArray("outputs"), d.signature().outputs());
        return node.toString();
    }

    private static void specs(ArrayNode array, List<TensorSpec> specs) {
        for (TensorSpec spec : specs) {
            ObjectNode s = array.addObject();
            s.put("name", spec.name());
            s.put("datatype", spec.datatype().name());
            ArrayNode shape = s.putArray("shape");
            spec.shape().forEach(shape::add);
            s.put("optional", spec.optional());
        }
    }

    static Description decode(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return new Description(node.get("name").asText(), node.get("version").asText(),
                    node.get("platform").asText(),
                    new Signature(specs(node.get("inputs")), specs(node.get("outputs"))));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("unreadable model description in redis: " + text, e);
        }
    }

    private static List<TensorSpec> specs(JsonNode array) {
        List<TensorSpec> specs = new ArrayList<>();
        for (JsonNode s : array) {
            List<Long> shape = new ArrayList<>();
            s.get("shape").forEach(dim -> shape.add(dim.asLong()));
            specs.add(new TensorSpec(s.get("name").asText(), DataType.valueOf(s.get("datatype").asText()), shape,
                    s.get("optional").asBoolean()));
        }
        return specs;
    }
}
