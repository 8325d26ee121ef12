package dev.inferyx.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.model.ItemResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real bundled fp32 model (the default), loaded once for the class (about a second). */
class MiniLmModelTest {

    /**
     * A sentence embedded alone, as the references were made: ONNX Runtime with one thread is deterministic on
     * one machine; the margin covers other CPUs' kernels (AVX2 vs AVX-512).
     */
    static final double SAME_CALL_MIN_COSINE = 0.9999;

    /**
     * A sentence embedded among others of different lengths, with padding: fp32 has no per-call quantization, so
     * only float rounding differs (measured 1.000000 to six places); 1e-4 cosine distance, as issue 5 asks.
     */
    static final double BATCH_EFFECT_MIN_COSINE = 0.9999;

    private static MiniLmModel model;
    private static List<ReferenceEmbeddings.Reference> references;

    @BeforeAll
    static void load() throws Exception {
        model = new MiniLmModel(MiniLmModel.Precision.FP32, 1);
        references = ReferenceEmbeddings.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<Input> texts(List<String> texts) {
        return texts.stream().<Input>map(Input.Text::new).toList();
    }

    private static float[] vector(ItemResult result) {
        assertThat(result).isInstanceOf(ItemResult.Success.class);
        Output output = ((ItemResult.Success) result).output();
        assertThat(output).isInstanceOf(Output.Embedding.class);
        return ((Output.Embedding) output).values();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    @Test
    void references_coverTheFixedSentenceSet() {
        assertThat(references).extracting(ReferenceEmbeddings.Reference::text)
                .containsExactlyElementsOf(ReferenceEmbeddings.SENTENCES);
    }

    @Test
    void infer_eachSentenceAlone_matchesItsReference() throws Exception {
        for (var reference : references) {
            float[] v = vector(model.infer(texts(List.of(reference.text()))).getFirst());

            assertThat(cosine(v, reference.embedding())).as(reference.text()).isGreaterThanOrEqualTo(SAME_CALL_MIN_COSINE);
        }
    }

    @Test
    void infer_wholeSetInOneBatch_matchesReferencesWithinTheBatchEffect_inOrder() throws Exception {
        List<ItemResult> results = model.infer(texts(ReferenceEmbeddings.SENTENCES));

        assertThat(results).hasSize(references.size());
        for (int i = 0; i < results.size(); i++) {
            double cos = cosine(vector(results.get(i)), references.get(i).embedding());
            assertThat(cos).as(references.get(i).text()).isGreaterThanOrEqualTo(BATCH_EFFECT_MIN_COSINE);
        }
    }

    @Test
    void infer_batchOfSeveralChunksWithMixedLengths_returnsEachTextsOwnVectorInInputOrder() throws Exception {
        // More than two chunks, short and long texts interleaved, so sorting by length reorders them.
        var batch = new ArrayList<String>();
        var expected = new ArrayList<float[]>();
        for (int i = 0; batch.size() < 2 * MiniLmModel.MAX_CHUNK + 3; i++) {
            var reference = references.get(i % references.size());
            String text = i % 2 == 0 ? reference.text() : reference.text() + " " + "and then some more words".repeat(i);
            batch.add(text);
            expected.add(i % 2 == 0 ? reference.embedding() : model.embed(List.of(text))[0]);
        }

        List<ItemResult> results = model.infer(texts(batch));

        assertThat(results).hasSize(batch.size());
        for (int i = 0; i < results.size(); i++) {
            assertThat(cosine(vector(results.get(i)), expected.get(i))).as("text %d: %s", i, batch.get(i))
                    .isGreaterThanOrEqualTo(BATCH_EFFECT_MIN_COSINE);
        }
    }

    @Test
    void infer_returns384FloatsOfUnitLength() throws Exception {
        for (ItemResult result : model.infer(texts(List.of("short", "a somewhat longer sentence than that")))) {
            float[] v = vector(result);
            assertThat(v).hasSize(MiniLmModel.DIMENSIONS);
            assertThat(norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void infer_paraphrasesAreCloserThanUnrelatedSentences() throws Exception {
        List<ItemResult> r = model.infer(texts(ReferenceEmbeddings.SENTENCES.subList(0, 4)));
        float[] guitar = vector(r.get(0));
        float[] instrument = vector(r.get(1));
        float[] market = vector(r.get(2));
        float[] shares = vector(r.get(3));

        assertThat(cosine(guitar, instrument)).isGreaterThan(cosine(guitar, market) + 0.3);
        assertThat(cosine(market, shares)).isGreaterThan(cosine(market, instrument) + 0.3);
    }

    @Test
    void infer_emptyBatch_returnsEmptyList() throws Exception {
        assertThat(model.infer(List.of())).isEmpty();
    }

    @Test
    void infer_emptyTextAndTextBeyondMaxTokens_stillGiveUnitVectors() throws Exception {
        String huge = "word ".repeat(MiniLmModel.MAX_TOKENS * 3);

        List<ItemResult> results = model.infer(texts(List.of("", huge)));

        assertThat(results).allSatisfy(r -> assertThat(norm(vector(r))).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-5)));
    }

    @Test
    void infer_fromTwoThreadsAtOnce_givesWhatOneThreadGives() throws Exception {
        List<Input> batchA = texts(ReferenceEmbeddings.SENTENCES.subList(0, 4));
        List<Input> batchB = texts(ReferenceEmbeddings.SENTENCES.subList(4, 8));
        List<ItemResult> expectedA = model.infer(batchA);
        List<ItemResult> expectedB = model.infer(batchB);

        try (var pool = Executors.newFixedThreadPool(2)) {
            var futures = new ArrayList<Future<List<ItemResult>>>();
            for (int round = 0; round < 10; round++) {
                futures.add(pool.submit((Callable<List<ItemResult>>) () -> model.infer(batchA)));
                futures.add(pool.submit((Callable<List<ItemResult>>) () -> model.infer(batchB)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(i % 2 == 0 ? expectedA : expectedB);
            }
        }
    }

    @Test
    void describe_statesArtifactAndThreads() {
        assertThat(model.describe()).contains("MiniLM", "fp32", "1 intra-op thread");
    }

    @Test
    void constructor_zeroThreads_isRejectedBeforeLoading() {
        assertThatThrownBy(() -> new MiniLmModel(MiniLmModel.Precision.FP32, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intraOpThreads must be >= 1, was 0");
    }
}
