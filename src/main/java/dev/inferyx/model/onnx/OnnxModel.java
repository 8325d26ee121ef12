package dev.inferyx.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.inferyx.core.Input;
import dev.inferyx.core.JobError;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.core.tensor.TensorValues;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.Model;
import dev.inferyx.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Any ONNX model file on ONNX Runtime, tensors in and tensors out. Its {@link Signature} is read from the file:
 * symbolic or unknown dimensions are {@code -1}.
 *
 * <p><b>Batching.</b> When every input and output has a dynamic first dimension, the jobs of a batch whose tensors
 * agree on everything but that dimension (same names, datatypes and remaining dimensions) are stacked along it,
 * run in one session call, and each output is split back into each job's rows. Jobs that cannot be stacked run in
 * separate groups; a model with a fixed first dimension runs each job on its own. If a stacked call fails, or an
 * output does not have one row per input row, the group's jobs are run one by one so one bad job cannot fail its
 * companions.
 *
 * <p><b>Errors</b> are per job ({@link ItemResult.Failure}): an input that does not fit the signature
 * ({@code invalid_input}), or ONNX Runtime refusing a job ({@code invalid_input} for its invalid-argument errors,
 * {@code model_error} otherwise). Datatypes ONNX Runtime's Java API cannot hold (UINT16, UINT32, UINT64) are
 * refused per job, and a model file using them cannot be loaded.
 *
 * <p>Text in ({@code POST /infer}) is accepted when the model takes exactly one BYTES input of shape {@code [-1]}:
 * the text is one row of it.
 *
 * <p>Thread-safe: one {@link OrtSession} is shared by every worker thread ({@code OrtSession.run} is thread-safe),
 * each call using up to {@code intraOpThreads} threads of the session's own pool, so workers x intra-op threads is
 * the CPU this model may use. {@link #close()} must not race with {@link #infer}.
 */
public final class OnnxModel implements Model {

    /** Default threads per call: on 2 shared cores, parallel workers beat one call spread over both. */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;

    private final Path file;
    private final int intraOpThreads;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Signature signature;
    private final boolean batchable;
    /** Session calls made, for tests that check jobs really shared a call. */
    private final LongAdder calls = new LongAdder();

    private OnnxModel(Path file, int intraOpThreads, OrtEnvironment environment, OrtSession session,
                      Signature signature) {
        this.file = file;
        this.intraOpThreads = intraOpThreads;
        this.environment = environment;
        this.session = session;
        this.signature = signature;
        this.batchable = signature.inputs().stream().allMatch(OnnxModel::dynamicFirst)
                && signature.outputs().stream().allMatch(OnnxModel::dynamicFirst);
    }

    /**
     * Loads {@code file} into a new ONNX Runtime session.
     *
     * @param intraOpThreads threads one call may use, >= 1
     * @throws ModelLoadException naming the file when it is missing, not a readable ONNX model, or has an input or
     *     output that is not a tensor of a supported datatype
     */
    public static OnnxModel load(Path file, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + intraOpThreads);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("ONNX model " + file + ": no such file");
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Idle intra-op threads sleep instead of spinning: the CPU is shared with HTTP, batching and workers.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX model " + file + ": ONNX Runtime cannot load it: " + e.getMessage(),
                    e);
        }
        try {
            Signature signature = new Signature(specs(file, "input", session.getInputInfo()),
                    specs(file, "output", session.getOutputInfo()));
            return new OnnxModel(file, intraOpThreads, environment, session, signature);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException load) {
                throw load;
            }
            throw new ModelLoadException("ONNX model " + file + ": cannot read its inputs and outputs: "
                    + e.getMessage(), e);
        }
    }

    private static List<TensorSpec> specs(Path file, String side, Map<String, NodeInfo> infos) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelLoadException("ONNX model " + file + ": " + side + " '" + node.getName() + "' is "
                        + node.getInfo() + "; only tensors can be served");
            }
            DataType type = OnnxTensors.dataType(info.onnxType).orElseThrow(() -> new ModelLoadException(
                    "ONNX model " + file + ": " + side + " '" + node.getName() + "' has element type "
                            + OnnxTensors.onnxName(info.onnxType) + ", which Inferyx cannot carry (supported: "
                            + String.join(", ", OnnxTensors.SUPPORTED.stream().map(DataType::name).toList())
                            + ")"));
            List<Long> shape = new ArrayList<>();
            for (long dim : info.getShape()) {
                shape.add(dim < 0 ? TensorSpec.ANY : dim);
            }
            specs.add(new TensorSpec(node.getName(), type, shape));
        }
        return specs;
    }

    private static boolean dynamicFirst(TensorSpec spec) {
        return !spec.shape().isEmpty() && spec.shape().getFirst() == TensorSpec.ANY;
    }

    @Override
    public Signature signature() {
        return signature;
    }

    /** Whether jobs are stacked along a dynamic first dimension (otherwise each job runs on its own). */
    public boolean batchable() {
        return batchable;
    }

    @Override
    public List<ItemResult> infer(List<Input> inputs) {
        ItemResult[] results = new ItemResult[inputs.size()];
        // Jobs that can share one call, by what their tensors must agree on; insertion order keeps runs fair.
        Map<Object, List<Job>> groups = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Prepared prepared = prepare(inputs.get(i));
            switch (prepared) {
                case Invalid invalid -> results[i] = new ItemResult.Failure(invalid.error());
                case Job job -> groups.computeIfAbsent(groupKey(job, i), k -> new ArrayList<>()).add(job.at(i));
            }
        }
        for (List<Job> group : groups.values()) {
            List<ItemResult> groupResults = run(group);
            for (int j = 0; j < group.size(); j++) {
                results[group.get(j).index()] = groupResults.get(j);
            }
        }
        return List.of(results);
    }

    private sealed interface Prepared {
    }

    private record Invalid(JobError error) implements Prepared {
    }

    /** One job's tensors in signature input order; {@code rows} is their common first dimension, or -1. */
    private record Job(List<Tensor> tensors, long rows, int index) implements Prepared {
        Job at(int newIndex) {
            return new Job(tensors, rows, newIndex);
        }
    }

    private Prepared prepare(Input input) {
        return switch (input) {
            case Input.Text text -> textJob(text);
            case Input.Tensors tensors -> tensorJob(tensors.tensors());
        };
    }

    private Prepared textJob(Input.Text text) {
        // Admission refuses text for such a model where it knows the signature; a distributed gateway does not.
        Optional<TensorSpec> input = signature.textInput();
        if (input.isEmpty()) {
            return invalid("model takes tensors " + describe(signature.inputs())
                    + "; send them to the V2 infer endpoint (text is accepted only by a model with one BYTES [-1] "
                    + "input)");
        }
        Tensor tensor = new Tensor(input.get().name(), DataType.BYTES, List.of(1L),
                new TensorValues.Strings(List.of(text.text())));
        return new Job(List.of(tensor), 1, -1);
    }

    private Prepared tensorJob(List<Tensor> given) {
        Map<String, Tensor> byName = new HashMap<>();
        for (Tensor tensor : given) {
            if (byName.put(tensor.name(), tensor) != null) {
                return invalid("input '" + tensor.name() + "' is given twice");
            }
            if (signature.input(tensor.name()).isEmpty()) {
                return invalid("model has no input '" + tensor.name() + "' (inputs: " + describe(signature.inputs())
                        + ")");
            }
        }
        List<Tensor> ordered = new ArrayList<>();
        long rows = -2;
        for (TensorSpec spec : signature.inputs()) {
            Tensor tensor = byName.get(spec.name());
            if (tensor == null) {
                return invalid("input '" + spec.name() + "' is missing (inputs: " + describe(signature.inputs())
                        + ")");
            }
            if (tensor.datatype() == DataType.UINT16 || tensor.datatype() == DataType.UINT32
                    || tensor.datatype() == DataType.UINT64) {
                return invalid("input '" + tensor.name() + "': " + OnnxTensors.unsupported(tensor.datatype()));
            }
            Optional<String> mismatch = spec.mismatch(tensor);
            if (mismatch.isPresent()) {
                return invalid(mismatch.get());
            }
            long first = tensor.shape().isEmpty() ? -1 : tensor.rows();
            rows = rows == -2 ? first : (rows == first ? rows : -1);
            ordered.add(tensor);
        }
        return new Job(ordered, rows, -1);
    }

    /** Jobs with equal keys are stacked; a job that cannot be stacked gets a key of its own. */
    private Object groupKey(Job job, int index) {
        if (!batchable || job.rows() < 0) {
            return index;
        }
        List<List<Long>> inner = new ArrayList<>();
        for (Tensor tensor : job.tensors()) {
            inner.add(TensorRows.inner(tensor));
        }
        return inner;
    }

    private List<ItemResult> run(List<Job> group) {
        if (group.size() == 1) {
            return List.of(runAlone(group.getFirst()));
        }
        List<Tensor> stacked = new ArrayList<>();
        for (int t = 0; t < signature.inputs().size(); t++) {
            List<Tensor> parts = new ArrayList<>(group.size());
            for (Job job : group) {
                parts.add(job.tensors().get(t));
            }
            stacked.add(TensorRows.concat(signature.inputs().get(t).name(), parts));
        }
        long totalRows = stacked.getFirst().rows();
        List<Tensor> outputs;
        try {
            outputs = session(stacked);
        } catch (OrtException | RuntimeException e) {
            return runEach(group); // find which job ONNX Runtime refused, without failing the others
        }
        if (outputs.stream().anyMatch(o -> o.shape().isEmpty() || o.rows() != totalRows)) {
            return runEach(group); // an output that is not per row cannot be split back
        }
        List<ItemResult> results = new ArrayList<>(group.size());
        long start = 0;
        for (Job job : group) {
            List<Tensor> own = new ArrayList<>(outputs.size());
            for (Tensor output : outputs) {
                own.add(TensorRows.slice(output, start, job.rows()));
            }
            results.add(new ItemResult.Success(new Output.Tensors(own)));
            start += job.rows();
        }
        return results;
    }

    private List<ItemResult> runEach(List<Job> group) {
        List<ItemResult> results = new ArrayList<>(group.size());
        for (Job job : group) {
            results.add(runAlone(job));
        }
        return results;
    }

    private ItemResult runAlone(Job job) {
        try {
            return new ItemResult.Success(new Output.Tensors(session(job.tensors())));
        } catch (OrtException e) {
            boolean badInput = e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT;
            return new ItemResult.Failure(new JobError(badInput ? "invalid_input" : "model_error",
                    "ONNX Runtime refused the input: " + e.getMessage()));
        } catch (RuntimeException e) {
            return new ItemResult.Failure(new JobError("model_error", "ONNX Runtime failed: " + e.getMessage()));
        }
    }

    /** One session call: {@code inputs} in signature order in, every output in signature order out. */
    private List<Tensor> session(List<Tensor> inputs) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (Tensor tensor : inputs) {
                feed.put(tensor.name(), OnnxTensors.toOnnx(environment, tensor));
            }
            calls.increment();
            try (OrtSession.Result result = session.run(feed)) {
                List<Tensor> outputs = new ArrayList<>(signature.outputs().size());
                for (TensorSpec spec : signature.outputs()) {
                    OnnxValue value = result.get(spec.name()).orElseThrow(() -> new IllegalStateException(
                            "ONNX Runtime returned no output '" + spec.name() + "'"));
                    if (!(value instanceof OnnxTensor tensor)) {
                        throw new IllegalStateException("output '" + spec.name() + "' is not a tensor");
                    }
                    outputs.add(OnnxTensors.fromOnnx(spec.name(), spec.datatype(), tensor));
                }
                return outputs;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** How many session calls this model has made. */
    long sessionCalls() {
        return calls.sum();
    }

    private static String describe(List<TensorSpec> specs) {
        return specs.stream().map(s -> s.name() + " " + s.datatype() + " " + s.shape()).toList().toString();
    }

    private static Invalid invalid(String message) {
        return new Invalid(new JobError("invalid_input", message));
    }

    /** Triton's name for a model served from an ONNX file by ONNX Runtime. */
    @Override
    public String platform() {
        return "onnxruntime_onnx";
    }

    @Override
    public String describe() {
        return "onnx " + file.getFileName() + " (" + signature.inputs().size() + " input"
                + (signature.inputs().size() == 1 ? "" : "s") + ", " + signature.outputs().size() + " output"
                + (signature.outputs().size() == 1 ? "" : "s") + ", "
                + (batchable ? "jobs batched along the first dimension" : "fixed first dimension: one job per call")
                + ", " + intraOpThreads + " intra-op thread" + (intraOpThreads == 1 ? "" : "s") + ")";
    }

    /** Releases the session; call only once no {@link #infer} is running. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session of " + file, e);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing to load; the load error is what the operator needs
        }
    }
}
