package dev.inferyx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.core.tensor.TensorValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class V2InferParserTest {

    private final V2InferParser parser = new V2InferParser(new Json(), 10);

    private V2InferRequest parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parse_flatAndNestedData_giveTheSameRowMajorTensor() {
        Tensor flat = parse("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"INT16\", \"shape\": [2, 3], "
                + "\"data\": [1, 2, 3, 4, 5, 6]}]}").inputs().getFirst();
        Tensor nested = parse("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"INT16\", \"shape\": [2, 3], "
                + "\"data\": [[1, 2, 3], [4, 5, 6]]}]}").inputs().getFirst();

        assertThat(nested).isEqualTo(flat);
        assertThat(flat.values()).isEqualTo(new TensorValues.Longs(new long[] {1, 2, 3, 4, 5, 6}));
    }

    @Test
    void parse_uint64AboveLongMax_keepsItsUnsignedBits() {
        Tensor t = parse("{\"inputs\": [{\"name\": \"u\", \"datatype\": \"UINT64\", \"shape\": [1], "
                + "\"data\": [18446744073709551615]}]}").inputs().getFirst();

        assertThat(((TensorValues.Longs) t.values()).get(0)).isEqualTo(-1L);
    }

    @Test
    void parse_scalarShape_takesALoneValueOrAOneElementList() {
        Tensor lone = parse("{\"inputs\": [{\"name\": \"s\", \"datatype\": \"FP64\", \"shape\": [], \"data\": 2.5}]}")
                .inputs().getFirst();
        Tensor listed = parse("{\"inputs\": [{\"name\": \"s\", \"datatype\": \"FP64\", \"shape\": [], "
                + "\"data\": [2.5]}]}").inputs().getFirst();

        assertThat(lone).isEqualTo(listed);
        assertThat(lone.shape()).isEmpty();
    }

    @Test
    void parse_idParametersAndOutputs() {
        V2InferRequest r = parse("{\"id\": \"abc\", \"parameters\": {\"priority\": 3, \"timeout\": 1500, "
                + "\"other\": true}, \"inputs\": [{\"name\": \"b\", \"datatype\": \"BOOL\", \"shape\": [1], "
                + "\"data\": [true]}], \"outputs\": [{\"name\": \"y\", \"parameters\": {}}]}");

        assertThat(r.id()).contains("abc");
        assertThat(r.priority()).isEqualTo(3);
        assertThat(r.timeout()).contains(Duration.ofNanos(1_500_000));
        assertThat(r.outputs()).contains(List.of("y"));
    }

    @Test
    void parse_bytesLongerThanTheLimit_isInputTooLong() {
        assertThatThrownBy(() -> parse("{\"inputs\": [{\"name\": \"t\", \"datatype\": \"BYTES\", \"shape\": [1], "
                + "\"data\": [\"01234567890\"]}]}"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("input_too_long"))
                .hasMessageContaining("at most 10 characters");
    }

    @Test
    void parse_wrongTypesOfTopLevelFields_nameTheField() {
        assertThatThrownBy(() -> parse("{\"id\": 5, \"inputs\": []}")).hasMessageContaining("'id' must be a string");
        assertThatThrownBy(() -> parse("{\"inputs\": [{\"name\": \"b\", \"datatype\": \"BOOL\", \"shape\": [1], "
                + "\"data\": [1]}]}")).hasMessageContaining("must be a boolean");
        assertThatThrownBy(() -> parse("{\"inputs\": [{\"name\": \"b\", \"datatype\": \"BOOL\", \"shape\": [1], "
                + "\"data\": [true]}], \"outputs\": {}}")).hasMessageContaining("'outputs' must be an array");
        assertThatThrownBy(() -> parse("{\"parameters\": {\"timeout\": 0}, \"inputs\": []}"))
                .hasMessageContaining("parameter 'timeout'");
        assertThatThrownBy(() -> parse("{\"inputs\": []}"))
                .hasMessage("'inputs' must be a non-empty array of tensors, was an empty array");
    }

    private static final Signature SIGNATURE = new Signature(
            List.of(new TensorSpec("a", DataType.FP32, List.of(TensorSpec.ANY, 3L)),
                    new TensorSpec("b", DataType.INT64, List.of(TensorSpec.ANY), true)),
            List.of(new TensorSpec("y", DataType.FP32, List.of(TensorSpec.ANY))));

    private static V2InferRequest request(Optional<List<String>> outputs, Tensor... inputs) {
        return new V2InferRequest(Optional.empty(), List.of(inputs), outputs, 0, Optional.empty());
    }

    private static Tensor a(long rows, long cols) {
        return new Tensor("a", DataType.FP32, List.of(rows, cols),
                new TensorValues.Floats(new float[(int) (rows * cols)]));
    }

    @Test
    void checkOutputs_anOutputTheModelDoesNotHave_is400NamingTheOnesItHas() {
        V2InferParser.checkOutputs(request(Optional.of(List.of("y")), a(1, 3)), "m", SIGNATURE);
        V2InferParser.checkOutputs(request(Optional.empty(), a(1, 3)), "m", SIGNATURE);

        assertThatThrownBy(() -> V2InferParser.checkOutputs(request(Optional.of(List.of("z")), a(1, 3)), "m",
                SIGNATURE))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unknown output 'z' requested from model 'm'; it has [y]");
    }
}
