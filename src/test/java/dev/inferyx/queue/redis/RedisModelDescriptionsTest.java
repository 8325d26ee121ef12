package dev.inferyx.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.tensor.DataType;
import dev.inferyx.core.tensor.Signature;
import dev.inferyx.core.tensor.TensorSpec;
import dev.inferyx.queue.redis.RedisModelDescriptions.Description;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model descriptions round-trip exactly through Redis, live for their TTL, and are absent until published. */
class RedisModelDescriptionsTest extends RedisProcesses {

    private static final Description MATMUL = new Description("matmul", "3", "onnxruntime_onnx", new Signature(
            List.of(new TensorSpec("X", DataType.FP32, List.of(-1L, 3L)),
                    new TensorSpec("mask", DataType.BOOL, List.of(), true)),
            List.of(new TensorSpec("Y", DataType.FP32, List.of(-1L, 2L)))));

    @Test
    void read_beforeAnyPublish_isEmpty() {
        assertThat(process().modelDescriptions().read("matmul")).isEmpty();
    }

    @Test
    void publish_thenRead_returnsTheSameDescription_underItsTtl() {
        RedisModelDescriptions descriptions = process().modelDescriptions();

        descriptions.publish(MATMUL, Duration.ofSeconds(15));

        assertThat(descriptions.read("matmul")).contains(MATMUL);
        assertThat(raw.sync().pttl(prefix + "md:matmul")).isBetween(1L, 15_000L);
    }

    @Test
    void publish_replacesWhatWasThere() {
        RedisModelDescriptions descriptions = process().modelDescriptions();
        descriptions.publish(MATMUL, Duration.ofSeconds(15));
        Description next = new Description("matmul", "4", "onnxruntime_onnx", MATMUL.signature());

        descriptions.publish(next, Duration.ofSeconds(15));

        assertThat(descriptions.read("matmul")).contains(next);
    }
}
