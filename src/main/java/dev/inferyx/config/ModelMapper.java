package dev.inferyx.config;

import dev.inferyx.batch.BatchPolicy;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.model.sim.SimConfig;
import dev.inferyx.model.sim.SimPresets;
import dev.inferyx.retry.BreakerPolicy;
import dev.inferyx.retry.RetryPolicy;
import dev.inferyx.service.AdmissionPolicy;
import dev.inferyx.service.CachePolicy;
import dev.inferyx.worker.PoolConfig;
import java.util.ArrayList;
import java.util.List;

/** Maps one {@code models.<name>} section (falling back to {@code defaults}) to a {@link ModelConfig}. */
final class ModelMapper {

    /** Keys allowed in {@code defaults} and overridable by every model. */
    static final List<String> POLICY_KEYS = List.of("queue_capacity", "timeout", "max_timeout", "max_batch_size",
            "max_batch_delay", "min_workers", "max_workers", "jobs_per_worker", "idle_timeout",
            "max_attempts", "retry_backoff_base", "retry_backoff_cap", "retry_budget_ratio",
            "retry_budget_window", "retry_budget_min_per_second", "breaker_failure_rate", "breaker_window", "breaker_min_calls", "breaker_open_for",
            "breaker_half_open_probes", "cache");

    static final List<String> SIM_KEYS = List.of("preset", "base_latency", "saturation_batch", "per_item_latency",
            "jitter", "failure_rate", "oom_above_batch");

    static final List<String> MINILM_KEYS = List.of("quantized", "intra_op_threads");

    static final List<String> ONNX_KEYS = List.of("path", "intra_op_threads", "inputs", "outputs");

    static final List<String> TYPES = List.of("echo", "sim", "onnx-minilm", "onnx");

    private static final String NAME_PATTERN = "[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}";

    private ModelMapper() {
    }

    /** Validates {@code defaults} on its own, so a bad default is reported even where every model overrides it. */
    static void checkDefaults(Section defaults) {
        defaults.allowOnly(POLICY_KEYS);
        admission(defaults);
        batching(defaults);
        pool(defaults);
        retry(defaults);
        breaker(defaults);
        defaults.bool("cache");
    }

    static ModelConfig map(String name, Section model) {
        if (!model.has("type")) {
            throw model.error("type", "missing: say which implementation serves the model (one of "
                    + String.join(", ", TYPES) + ")");
        }
        String type = model.string("type");
        var known = new ArrayList<String>(POLICY_KEYS);
        known.add("type");
        known.add("aliases");
        known.add("version");
        switch (type) {
            case "echo" -> { }
            case "sim" -> known.addAll(SIM_KEYS);
            case "onnx-minilm" -> known.addAll(MINILM_KEYS);
            case "onnx" -> known.addAll(ONNX_KEYS);
            default -> throw model.error("type", "unknown model type \"" + type + "\" (known: "
                    + String.join(", ", TYPES) + ")");
        }
        model.allowOnly(known);
        List<String> aliases = aliases(model);
        ModelSpec spec = switch (type) {
            case "sim" -> sim(model);
            case "onnx-minilm" -> miniLm(model);
            case "onnx" -> onnx(model);
            default -> new ModelSpec.Echo();
        };
        CachePolicy cache = cachePolicy(model);
        return policies(name, model, aliases, spec, cache, ModelConfig.DEFAULT_VERSION);
    }

    /** Keys a repository model's {@code config.yaml} may set: no type, path or version (the layout says those). */
    static final List<String> REPOSITORY_KEYS = repositoryKeys();

    private static List<String> repositoryKeys() {
        var keys = new ArrayList<String>(POLICY_KEYS);
        keys.add("aliases");
        keys.add("intra_op_threads");
        keys.add("inputs");
        keys.add("outputs");
        return List.copyOf(keys);
    }

    /**
     * A repository model: {@code file} at {@code version}, settings from its {@code config.yaml} (falling back to
     * {@code defaults}). The version is both the served version and the result-cache version, so a new version
     * never serves an old version's cached results.
     */
    static ModelConfig mapRepositoryModel(String name, String version, java.nio.file.Path file, Section model) {
        model.allowOnly(REPOSITORY_KEYS);
        List<String> aliases = aliases(model);
        ModelSpec spec = onnx(model, file);
        boolean cacheEnabled = model.bool("cache");
        CachePolicy cache = model.construct(() -> new CachePolicy(cacheEnabled, version));
        return policies(name, model, aliases, spec, cache, version);
    }

    private static List<String> aliases(Section model) {
        List<String> aliases = model.strings("aliases");
        for (int i = 0; i < aliases.size(); i++) {
            if (!aliases.get(i).matches(NAME_PATTERN)) {
                throw new ConfigException(model.pathOf("aliases") + "[" + i + "]: must be 1-64 of [a-zA-Z0-9._-], "
                        + "was \"" + aliases.get(i) + "\"");
            }
        }
        return aliases;
    }

    private static ModelConfig policies(String name, Section model, List<String> aliases, ModelSpec spec,
                                        CachePolicy cache, String version) {
        AdmissionPolicy admission = admission(model);
        BatchPolicy batching = batching(model);
        PoolConfig pool = pool(model);
        RetryPolicy retry = retry(model);
        BreakerPolicy breaker = breaker(model);
        return model.construct(() -> new ModelConfig(name, aliases, spec, admission, batching, pool, retry,
                breaker, cache, version));
    }

    private static AdmissionPolicy admission(Section s) {
        int capacity = s.integer("queue_capacity");
        var timeout = s.optionalDuration("timeout");
        var maxTimeout = s.duration("max_timeout");
        return s.construct(() -> new AdmissionPolicy(capacity, timeout, maxTimeout));
    }

    /** {@code cache} (from defaults) and {@code version} (per model; "1" when absent). */
    private static CachePolicy cachePolicy(Section s) {
        boolean enabled = s.bool("cache");
        String version = s.has("version") ? s.string("version") : "1";
        return s.construct(() -> new CachePolicy(enabled, version));
    }

    private static BatchPolicy batching(Section s) {
        int size = s.integer("max_batch_size");
        var delay = s.duration("max_batch_delay");
        return s.construct(() -> new BatchPolicy(size, delay));
    }

    private static PoolConfig pool(Section s) {
        int min = s.integer("min_workers");
        int max = s.integer("max_workers");
        int jobsPerWorker = s.integer("jobs_per_worker");
        var idle = s.duration("idle_timeout");
        return s.construct(() -> new PoolConfig(min, max, jobsPerWorker, idle));
    }

    private static ModelSpec.MiniLm miniLm(Section s) {
        int threads = s.has("intra_op_threads") ? s.integer("intra_op_threads")
                : ModelSpec.MiniLm.DEFAULT_INTRA_OP_THREADS;
        boolean quantized = s.has("quantized") && s.bool("quantized");
        return s.construct(() -> new ModelSpec.MiniLm(quantized, threads));
    }

    private static ModelSpec.Onnx onnx(Section s) {
        if (!s.has("path")) {
            throw s.error("path", "missing: the .onnx file to serve");
        }
        String path = s.string("path");
        if (path.isBlank()) {
            throw s.error("path", "must name the .onnx file to serve, was empty");
        }
        return onnx(s, java.nio.file.Path.of(path));
    }

    /** An ONNX model at {@code file}, with {@code intra_op_threads} and declared {@code inputs}/{@code outputs}. */
    static ModelSpec.Onnx onnx(Section s, java.nio.file.Path file) {
        int threads = s.has("intra_op_threads") ? s.integer("intra_op_threads")
                : ModelSpec.Onnx.DEFAULT_INTRA_OP_THREADS;
        List<TensorSpec> inputs = tensorSpecs(s, "inputs");
        List<TensorSpec> outputs = tensorSpecs(s, "outputs");
        return s.construct(() -> new ModelSpec.Onnx(file, threads, inputs, outputs));
    }

    /** Entries {@code {name: A, datatype: FP32, shape: [-1, 4]}}; -1 is a dimension of any size. */
    private static List<TensorSpec> tensorSpecs(Section s, String key) {
        var specs = new ArrayList<TensorSpec>();
        for (Section entry : s.sections(key)) {
            entry.allowOnly(List.of("name", "datatype", "shape"));
            String name = entry.string("name");
            String typeName = entry.string("datatype");
            DataType type = DataType.parse(typeName.toUpperCase(java.util.Locale.ROOT).replaceFirst("^TYPE_", ""))
                    .orElseThrow(() -> entry.error("datatype", "unknown datatype \"" + typeName + "\" (known: "
                            + String.join(", ", java.util.Arrays.stream(DataType.values()).map(Enum::name).toList())
                            + ")"));
            if (!entry.has("shape")) {
                throw entry.error("shape", "missing: the dimensions, -1 for any size (e.g. [-1, 4])");
            }
            List<Long> shape = entry.longs("shape");
            specs.add(entry.construct(() -> new TensorSpec(name, type, shape)));
        }
        return specs;
    }

    private static RetryPolicy retry(Section s) {
        int maxAttempts = s.integer("max_attempts");
        var base = s.duration("retry_backoff_base");
        var cap = s.duration("retry_backoff_cap");
        double ratio = s.number("retry_budget_ratio");
        var window = s.duration("retry_budget_window");
        double minPerSecond = s.number("retry_budget_min_per_second");
        return s.construct(() -> new RetryPolicy(maxAttempts, base, cap, ratio, window, minPerSecond));
    }

    private static BreakerPolicy breaker(Section s) {
        double rate = s.number("breaker_failure_rate");
        var window = s.duration("breaker_window");
        int minCalls = s.integer("breaker_min_calls");
        var openFor = s.duration("breaker_open_for");
        int probes = s.integer("breaker_half_open_probes");
        return s.construct(() -> new BreakerPolicy(rate, window, minCalls, openFor, probes));
    }

    /** A preset (default {@link SimPresets#DEFAULT}) with any of its fields overridden. */
    private static ModelSpec.Sim sim(Section s) {
        String preset = s.has("preset") ? s.string("preset") : SimPresets.DEFAULT;
        SimConfig base;
        try {
            base = SimPresets.named(preset);
        } catch (IllegalArgumentException e) {
            throw s.error("preset", e.getMessage());
        }
        var baseLatency = s.has("base_latency") ? s.duration("base_latency") : base.baseLatency();
        int saturation = s.has("saturation_batch") ? s.integer("saturation_batch") : base.saturationBatch();
        var perItem = s.has("per_item_latency") ? s.duration("per_item_latency") : base.perItemLatency();
        double jitter = s.has("jitter") ? s.number("jitter") : base.jitter();
        double failureRate = s.has("failure_rate") ? s.number("failure_rate") : base.failureRate();
        int oomAbove = s.has("oom_above_batch") ? s.integer("oom_above_batch") : base.oomAboveBatch();
        SimConfig config = s.construct(
                () -> new SimConfig(baseLatency, saturation, perItem, jitter, failureRate, oomAbove));
        return new ModelSpec.Sim(preset, config);
    }
}
