package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.metrics.InferenceStatistics;
import dev.inferyx.service.ModelStatus;
import java.util.List;
import java.util.Optional;

/**
 * The JSON bodies of the Open Inference Protocol routes: model metadata, Triton's model configuration and
 * statistics, and the infer response.
 */
final class V2Views {

    private V2Views() {
    }

    /** {@code {"name", "versions", "platform", "inputs", "outputs"}} with each tensor's datatype and shape. */
    static ObjectNode metadata(Json json, ModelStatus model, Signature signature) {
        ObjectNode body = json.object();
        body.put("name", model.name());
        body.putArray("versions").add(model.version());
        body.put("platform", model.platform());
        ArrayNode inputs = body.putArray("inputs");
        signature.inputs().forEach(spec -> inputs.add(spec(json, spec)));
        ArrayNode outputs = body.putArray("outputs");
        signature.outputs().forEach(spec -> outputs.add(spec(json, spec)));
        return body;
    }

    private static ObjectNode spec(Json json, TensorSpec spec) {
        ObjectNode node = json.object();
        node.put("name", spec.name());
        node.put("datatype", spec.datatype().name());
        ArrayNode shape = node.putArray("shape");
        spec.shape().forEach(shape::add);
        return node;
    }

    /**
     * Triton's model configuration as JSON. A model whose every tensor has a first dimension of any size batches:
     * it reports {@code max_batch_size} (which counts requests, each of any number of rows) and its dims without that
     * first dimension, as Triton does; otherwise {@code max_batch_size} is 0 and dims are the full shapes.
     */
    static ObjectNode config(Json json, ModelStatus model, Signature signature) {
        boolean batching = batchable(signature.inputs()) && batchable(signature.outputs());
        ObjectNode body = json.object();
        body.put("name", model.name());
        body.put("platform", model.platform());
        body.putObject("version_policy").putObject("specific").putArray("versions").add(model.version());
        body.put("max_batch_size", batching ? model.maxBatchSize() : 0);
        ArrayNode inputs = body.putArray("input");
        for (TensorSpec spec : signature.inputs()) {
            inputs.add(configTensor(json, spec, batching).put("optional", spec.optional()));
        }
        ArrayNode outputs = body.putArray("output");
        signature.outputs().forEach(spec -> outputs.add(configTensor(json, spec, batching)));
        if (batching) {
            body.putObject("dynamic_batching").put("max_queue_delay_microseconds",
                    model.maxBatchDelay().toNanos() / 1000);
        }
        ObjectNode group = body.putArray("instance_group").addObject();
        group.put("name", model.name());
        group.put("kind", "KIND_CPU");
        group.put("count", model.maxWorkers());
        return body;
    }

    private static boolean batchable(List<TensorSpec> specs) {
        return specs.stream().allMatch(s -> !s.shape().isEmpty() && s.shape().getFirst() == TensorSpec.ANY);
    }

    /**
     * One tensor of Triton's config. A batching model's tensor of shape {@code [-1]} (one scalar per row, such as a
     * text model's strings) is written as Triton writes it: {@code dims: [1]} with {@code reshape: {shape: []}},
     * since a config's dims may not be empty.
     */
    private static ObjectNode configTensor(Json json, TensorSpec spec, boolean batching) {
        ObjectNode node = json.object();
        node.put("name", spec.name());
        node.put("data_type", configType(spec.datatype()));
        ArrayNode dims = node.putArray("dims");
        spec.shape().stream().skip(batching ? 1 : 0).forEach(dims::add);
        if (dims.isEmpty()) {
            dims.add(1);
            node.putObject("reshape").putArray("shape");
        }
        return node;
    }

    /** Triton's name for a datatype: {@code TYPE_FP32}; BYTES is {@code TYPE_STRING}. */
    static String configType(DataType type) {
        return type == DataType.BYTES ? "TYPE_STRING" : "TYPE_" + type.name();
    }

    /** One entry of Triton's {@code model_stats}; only what {@link InferenceStatistics} measures appears. */
    static ObjectNode stats(Json json, ModelStatus model, InferenceStatistics.Snapshot s) {
        ObjectNode node = json.object();
        node.put("name", model.name());
        node.put("version", model.version());
        node.put("last_inference", s.lastInference());
        node.put("inference_count", s.inferenceCount());
        node.put("execution_count", s.executionCount());
        ObjectNode stats = node.putObject("inference_stats");
        tally(stats.putObject("success"), s.success());
        tally(stats.putObject("fail"), s.fail());
        tally(stats.putObject("queue"), s.queue());
        tally(stats.putObject("compute_infer"), s.computeInfer());
        stats.putObject("cache_hit").put("count", s.cacheHits());
        stats.putObject("cache_miss").put("count", s.cacheMisses());
        ArrayNode batches = node.putArray("batch_stats");
        for (InferenceStatistics.BatchSize b : s.batches()) {
            ObjectNode batch = batches.addObject();
            batch.put("batch_size", b.size());
            tally(batch.putObject("compute_infer"), b.compute());
        }
        return node;
    }

    private static void tally(ObjectNode node, InferenceStatistics.Tally t) {
        node.put("count", t.count());
        node.put("ns", t.ns());
    }

    /**
     * The infer response: {@code model_name} always, {@code model_version}, {@code id} when the request had one,
     * and the outputs, only those asked for (in the order asked) when the request named any.
     */
    static ObjectNode inferResponse(Json json, String model, String version, Optional<String> id, Output output,
                                    Optional<List<String>> wanted) {
        if (!(output instanceof Output.Tensors tensors)) {
            throw new IllegalStateException("model " + model + " answered a tensor request with "
                    + output.getClass().getSimpleName());
        }
        ObjectNode body = json.object();
        body.put("model_name", model);
        body.put("model_version", version);
        id.ifPresent(value -> body.put("id", value));
        ArrayNode outputs = body.putArray("outputs");
        List<Tensor> produced = tensors.tensors();
        if (wanted.isEmpty()) {
            produced.forEach(t -> outputs.add(TensorJson.render(json, t)));
        } else {
            for (String name : wanted.get()) {
                produced.stream().filter(t -> t.name().equals(name)).findFirst()
                        .ifPresent(t -> outputs.add(TensorJson.render(json, t)));
            }
        }
        return body;
    }
}
