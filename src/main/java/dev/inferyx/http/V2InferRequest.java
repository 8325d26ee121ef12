package dev.inferyx.http;

import dev.inferyx.core.tensor.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Open Inference Protocol infer request.
 *
 * @param id       the client's request id, echoed in the response
 * @param inputs   the input tensors, each already consistent (datatype, shape, element count, ranges)
 * @param outputs  the output names the client asked for; empty = every output the model produces
 * @param priority from {@code parameters.priority}; higher runs first (0 when absent)
 * @param timeout  from {@code parameters.timeout}, given in microseconds as Triton does
 */
record V2InferRequest(Optional<String> id, List<Tensor> inputs, Optional<List<String>> outputs, int priority,
                      Optional<Duration> timeout) {

    V2InferRequest {
        Objects.requireNonNull(id, "id");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(outputs, "outputs");
        outputs = outputs.map(List::copyOf);
        Objects.requireNonNull(timeout, "timeout");
    }
}
