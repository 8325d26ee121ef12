package dev.inferyx.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.core.tensor.TensorValues;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.ModelLoadException;
import dev.inferyx.testing.OnnxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic ONNX model against the committed fixtures: exact values, batching, per-job errors. */
class OnnxModelTest {

    private static OnnxModel load(String fixture) {
        return OnnxModel.load(OnnxFixtures.path(fixture), 1);
    }

    static Tensor fp32(String name, List<Long> shape, float... values) {
        return new Tensor(name, DataType.FP32, shape, new TensorValues.Floats(values));
    }

    private static Input tensors(Tensor... tensors) {
        return new Input.Tensors(List.of(tensors));
    }

    private static List<Tensor> outputs(ItemResult result) {
        assertThat(result).isInstanceOf(ItemResult.Success.class);
        return ((Output.Tensors) ((ItemResult.Success) result).output()).tensors();
    }

    private static String error(ItemResult result) {
        assertThat(result).isInstanceOf(ItemResult.Failure.class);
        return ((ItemResult.Failure) result).error().code() + ": " + ((ItemResult.Failure) result).error().message();
    }

    @Test
    void signature_isReadFromTheFile_withSymbolicDimensionsAsAny() {
        try (OnnxModel model = load("add_sub.onnx")) {
            assertThat(model.signature().inputs()).containsExactly(
                    new TensorSpec("A", DataType.FP32, List.of(-1L, 4L)),
                    new TensorSpec("B", DataType.FP32, List.of(-1L, 4L)));
            assertThat(model.signature().outputs()).containsExactly(
                    new TensorSpec("SUM", DataType.FP32, List.of(-1L, 4L)),
                    new TensorSpec("DIFF", DataType.FP32, List.of(-1L, 4L)));
            assertThat(model.batchable()).isTrue();
        }
        try (OnnxModel model = load("fixed.onnx")) {
            assertThat(model.signature().inputs()).containsExactly(new TensorSpec("X", DataType.FP32, List.of(1L, 3L)));
            assertThat(model.batchable()).isFalse();
        }
    }

    @Test
    void addSub_givesExactSumsAndDifferences() {
        try (OnnxModel model = load("add_sub.onnx")) {
            List<ItemResult> results = model.infer(List.of(tensors(
                    fp32("A", List.of(1L, 4L), 1, 2, 3, 4),
                    fp32("B", List.of(1L, 4L), 10, 20, 30, 0.5f))));
            assertThat(outputs(results.getFirst())).containsExactly(
                    fp32("SUM", List.of(1L, 4L), 11, 22, 33, 4.5f),
                    fp32("DIFF", List.of(1L, 4L), -9, -18, -27, 3.5f));
        }
    }

    @Test
    void matmul_givesExactProducts() {
        try (OnnxModel model = load("matmul.onnx")) {
            List<ItemResult> results = model.infer(List.of(tensors(fp32("X", List.of(2L, 3L), 1, 0, 0, 1, 1, 1))));
            // W = [[1,2],[3,4],[5,6]]: row [1,0,0] -> [1,2]; row [1,1,1] -> [9,12]
            assertThat(outputs(results.getFirst())).containsExactly(fp32("Y", List.of(2L, 2L), 1, 2, 9, 12));
        }
    }

    @Test
    void compatibleJobs_runInOneCall_andEachGetsWhatItWouldAlone() {
        try (OnnxModel model = load("matmul.onnx")) {
            List<Input> jobs = List.of(
                    tensors(fp32("X", List.of(1L, 3L), 1, 2, 3)),
                    tensors(fp32("X", List.of(3L, 3L), 0, 0, 1, 1, 0, 0, 2, 2, 2)),
                    tensors(fp32("X", List.of(2L, 3L), -1, 0, 1, 0.5f, 0.5f, 0.5f)));
            List<List<Tensor>> alone = jobs.stream().map(j -> outputs(model.infer(List.of(j)).getFirst())).toList();
            long before = model.sessionCalls();

            List<ItemResult> batched = model.infer(jobs);

            assertThat(model.sessionCalls() - before).isEqualTo(1);
            assertThat(batched.stream().map(OnnxModelTest::outputs).toList()).isEqualTo(alone);
            assertThat(alone.get(1).getFirst()).isEqualTo(fp32("Y", List.of(3L, 2L), 5, 6, 1, 2, 18, 24));
        }
    }

    @Test
    void jobsDifferingBeyondTheFirstDimension_runInSeparateGroups() {
        try (OnnxModel model = load("sequence.onnx")) {
            long before = model.sessionCalls();
            List<ItemResult> results = model.infer(List.of(
                    tensors(fp32("X", List.of(2L, 3L), 0, 1, 2, 3, 4, 5)),
                    tensors(fp32("X", List.of(1L, 5L), 1, 1, 1, 1, 1)),
                    tensors(fp32("X", List.of(1L, 3L), 9, 9, 9))));
            assertThat(model.sessionCalls() - before).isEqualTo(2); // [*,3] together, [*,5] alone
            assertThat(outputs(results.get(0))).containsExactly(fp32("Y", List.of(2L, 3L), 1, 2, 3, 4, 5, 6));
            assertThat(outputs(results.get(1))).containsExactly(fp32("Y", List.of(1L, 5L), 2, 2, 2, 2, 2));
            assertThat(outputs(results.get(2))).containsExactly(fp32("Y", List.of(1L, 3L), 10, 10, 10));
        }
    }

    @Test
    void fixedFirstDimension_runsEachJobOnItsOwn() {
        try (OnnxModel model = load("fixed.onnx")) {
            long before = model.sessionCalls();
            List<ItemResult> results = model.infer(List.of(
                    tensors(fp32("X", List.of(1L, 3L), 1, 2, 3)),
                    tensors(fp32("X", List.of(1L, 3L), -1, 0, 0.25f))));
            assertThat(model.sessionCalls() - before).isEqualTo(2);
            assertThat(outputs(results.get(0))).containsExactly(fp32("Y", List.of(1L, 3L), 2, 4, 6));
            assertThat(outputs(results.get(1))).containsExactly(fp32("Y", List.of(1L, 3L), -2, 0, 0.5f));
        }
    }

    @Test
    void integerModel_givesExactInt64AndInt32Results() {
        try (OnnxModel model = load("int_scale.onnx")) {
            List<ItemResult> results = model.infer(List.of(
                    tensors(new Tensor("X", DataType.INT64, List.of(1L, 2L), new TensorValues.Longs(new long[] {7, -3})),
                            new Tensor("N", DataType.INT32, List.of(1L), new TensorValues.Longs(new long[] {41}))),
                    tensors(new Tensor("X", DataType.INT64, List.of(2L, 2L),
                                    new TensorValues.Longs(new long[] {1L << 40, 0, 1, 2})),
                            new Tensor("N", DataType.INT32, List.of(2L),
                                    new TensorValues.Longs(new long[] {Integer.MAX_VALUE - 1, -1})))));
            assertThat(outputs(results.get(0))).containsExactly(
                    new Tensor("Y", DataType.INT64, List.of(1L, 2L), new TensorValues.Longs(new long[] {21, -9})),
                    new Tensor("M", DataType.INT32, List.of(1L), new TensorValues.Longs(new long[] {42})));
            assertThat(outputs(results.get(1))).containsExactly(
                    new Tensor("Y", DataType.INT64, List.of(2L, 2L),
                            new TensorValues.Longs(new long[] {3L << 40, 0, 3, 6})),
                    new Tensor("M", DataType.INT32, List.of(2L),
                            new TensorValues.Longs(new long[] {Integer.MAX_VALUE, 0})));
        }
    }

    @Test
    void stringModel_runsOnBytesTensors_andOnPlainText() {
        try (OnnxModel model = load("strings.onnx")) {
            List<ItemResult> results = model.infer(List.of(
                    tensors(new Tensor("TEXT", DataType.BYTES, List.of(2L),
                            new TensorValues.Strings(List.of("hello", "")))),
                    new Input.Text("plain wörld")));
            assertThat(outputs(results.get(0))).containsExactly(
                    new Tensor("SAME", DataType.BYTES, List.of(2L), new TensorValues.Strings(List.of("hello", ""))));
            assertThat(outputs(results.get(1))).containsExactly(
                    new Tensor("SAME", DataType.BYTES, List.of(1L), new TensorValues.Strings(List.of("plain wörld"))));
        }
    }

    @Test
    void everySupportedDatatype_roundTripsExactly() {
        List<Tensor> in = List.of(
                new Tensor("IN_BOOL", DataType.BOOL, List.of(1L, 2L), new TensorValues.Booleans(new boolean[] {true, false})),
                new Tensor("IN_UINT8", DataType.UINT8, List.of(1L, 2L), new TensorValues.Longs(new long[] {0, 255})),
                new Tensor("IN_INT8", DataType.INT8, List.of(1L, 2L), new TensorValues.Longs(new long[] {-128, 127})),
                new Tensor("IN_INT16", DataType.INT16, List.of(1L, 2L), new TensorValues.Longs(new long[] {-32768, 32767})),
                new Tensor("IN_INT32", DataType.INT32, List.of(1L, 2L),
                        new TensorValues.Longs(new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE})),
                new Tensor("IN_INT64", DataType.INT64, List.of(1L, 2L),
                        new TensorValues.Longs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE})),
                new Tensor("IN_FP16", DataType.FP16, List.of(1L, 2L), new TensorValues.Floats(new float[] {1.5f, -65504f})),
                new Tensor("IN_FP32", DataType.FP32, List.of(1L, 2L), new TensorValues.Floats(new float[] {0.1f, -3e38f})),
                new Tensor("IN_FP64", DataType.FP64, List.of(1L, 2L), new TensorValues.Doubles(new double[] {Math.PI, -0.0})),
                new Tensor("IN_BYTES", DataType.BYTES, List.of(1L, 2L), new TensorValues.Strings(List.of("a", "ünï"))));
        try (OnnxModel model = load("types.onnx")) {
            // Twice in one batch: stacking and splitting must keep every datatype exact too.
            List<ItemResult> results = model.infer(List.of(new Input.Tensors(in), new Input.Tensors(in)));
            List<Tensor> expected = in.stream().map(t -> t.named(t.name().replace("IN_", "OUT_"))).toList();
            assertThat(outputs(results.get(0))).isEqualTo(expected);
            assertThat(outputs(results.get(1))).isEqualTo(expected);
        }
    }

    @Test
    void badJobs_failAlone_withTheReason_whileTheirCompanionsSucceed() {
        try (OnnxModel model = load("add_sub.onnx")) {
            Tensor a = fp32("A", List.of(1L, 4L), 1, 1, 1, 1);
            Tensor b = fp32("B", List.of(1L, 4L), 1, 1, 1, 1);
            List<ItemResult> results = model.infer(List.of(
                    tensors(a),
                    tensors(a, b, fp32("C", List.of(1L), 0)),
                    tensors(a, fp32("B", List.of(1L, 3L), 1, 1, 1)),
                    tensors(a, new Tensor("B", DataType.FP64, List.of(1L, 4L),
                            new TensorValues.Doubles(new double[] {1, 1, 1, 1}))),
                    tensors(a, new Tensor("B", DataType.UINT16, List.of(1L, 4L),
                            new TensorValues.Longs(new long[] {1, 1, 1, 1}))),
                    new Input.Text("hello"),
                    tensors(a, b)));
            assertThat(error(results.get(0))).isEqualTo("invalid_input: input 'B' is missing (inputs: "
                    + "[A FP32 [-1, 4], B FP32 [-1, 4]])");
            assertThat(error(results.get(1))).contains("model has no input 'C'");
            assertThat(error(results.get(2))).contains("input 'B' has shape [1, 3] but model expects [-1, 4]");
            assertThat(error(results.get(3))).contains("input 'B' has datatype FP64 but model expects FP32");
            assertThat(error(results.get(4))).contains("ONNX Runtime's Java API has no UINT16 tensors");
            assertThat(error(results.get(5))).contains("model takes tensors").contains("V2 infer endpoint");
            assertThat(outputs(results.get(6)).getFirst()).isEqualTo(fp32("SUM", List.of(1L, 4L), 2, 2, 2, 2));
        }
    }

    @Test
    void load_missingFile_namesIt() {
        Path missing = Path.of("no/such/model.onnx");
        assertThatThrownBy(() -> OnnxModel.load(missing, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("ONNX model no/such/model.onnx: no such file");
    }

    @Test
    void load_notAnOnnxFile_namesItAndSaysWhy(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("model.onnx"), "this is not protobuf");
        assertThatThrownBy(() -> OnnxModel.load(broken, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("ONNX model " + broken + ": ONNX Runtime cannot load it: ");
    }

    @Test
    void describe_saysHowJobsAreBatched() {
        try (OnnxModel batching = load("add_sub.onnx"); OnnxModel fixed = load("fixed.onnx")) {
            assertThat(batching.describe()).isEqualTo("onnx add_sub.onnx (2 inputs, 2 outputs, jobs batched along "
                    + "the first dimension, 1 intra-op thread)");
            assertThat(fixed.describe()).contains("fixed first dimension: one job per call");
        }
    }
}
