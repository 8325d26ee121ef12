package dev.inferyx.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.model.ItemResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled int8 export, held to the tolerances measured for it against the fp32 references. */
class QuantizedMiniLmModelTest {

    /**
     * Quantized vs fp32, each sentence batched with the whole set: measured 0.9627 minimum (the 3-token "ok"
     * among long sentences; quantization alone accounts for 0.974), so the bound is 0.95.
     */
    static final double QUANTIZED_MIN_COSINE = 0.95;

    private static MiniLmModel model;

    @BeforeAll
    static void load() {
        model = new MiniLmModel(MiniLmModel.Precision.QUANTIZED, 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void infer_wholeSetInOneBatch_staysNearTheFp32References() throws Exception {
        var references = ReferenceEmbeddings.load();
        List<ItemResult> results = model.infer(references.stream().<Input>map(r -> new Input.Text(r.text())).toList());

        for (int i = 0; i < results.size(); i++) {
            float[] v = ((Output.Embedding) ((ItemResult.Success) results.get(i)).output()).values();
            assertThat(v).hasSize(MiniLmModel.DIMENSIONS);
            assertThat(MiniLmModelTest.cosine(v, references.get(i).embedding())).as(references.get(i).text())
                    .isGreaterThanOrEqualTo(QUANTIZED_MIN_COSINE);
        }
    }

    @Test
    void describe_saysQuantized() {
        assertThat(model.describe()).contains("quantized int8");
    }
}
