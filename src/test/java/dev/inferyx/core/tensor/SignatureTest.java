package dev.inferyx.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureTest {

    private static final long ANY = TensorSpec.ANY;
    private static final TensorSpec TEXT = new TensorSpec("text", DataType.BYTES, List.of(ANY));
    private static final TensorSpec X = new TensorSpec("X", DataType.FP32, List.of(ANY, 3L));
    private static final TensorSpec OUT = new TensorSpec("y", DataType.FP32, List.of(ANY));

    static Stream<Arguments> signatures() {
        return Stream.of(
                Arguments.of("a text model", List.of(TEXT), true),
                Arguments.of("all inputs optional, one BYTES [-1] among them (echo)",
                        List.of(TEXT.asOptional(), X.asOptional()), true),
                Arguments.of("tensors only (matmul)", List.of(X), false),
                Arguments.of("BYTES of another shape", List.of(new TensorSpec("t", DataType.BYTES, List.of(ANY, 3L))),
                        false),
                Arguments.of("BYTES of a fixed length", List.of(new TensorSpec("t", DataType.BYTES, List.of(4L))),
                        false),
                Arguments.of("a BYTES [-1] input and another required one", List.of(TEXT, X), false),
                Arguments.of("a BYTES [-1] input and an optional one", List.of(TEXT, X.asOptional()), true),
                Arguments.of("a required tensor and an optional BYTES [-1]", List.of(X, TEXT.asOptional()), false),
                Arguments.of("all optional, none BYTES [-1]", List.of(X.asOptional()), false));
    }

    @ParameterizedTest(name = "{0}: takes text = {2}")
    @MethodSource("signatures")
    void takesText_whenTextCanBeTheOneRowOfABytesInput_andNothingElseIsRequired(String what, List<TensorSpec> inputs,
                                                                                 boolean takesText) {
        assertThat(new Signature(inputs, List.of(OUT)).takesText()).isEqualTo(takesText);
    }
}
