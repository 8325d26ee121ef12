package dev.inferyx.model.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Input;
import dev.inferyx.core.Output;
import dev.inferyx.model.BatchFailedException;
import dev.inferyx.model.ItemResult;
import dev.inferyx.model.OutOfMemoryBatchException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimModelTest {

    private static final SimConfig BERT_NO_JITTER =
            new SimConfig(micros(4_500), 64, micros(60), 0.0, 0.0, 0);

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private SimModel model(SimConfig config) {
        return new SimModel("test", config, new SplittableRandom(42), sleeper);
    }

    private static List<Input> batch(int size) {
        return IntStream.range(0, size).<Input>mapToObj(i -> new Input.Text("item " + i)).toList();
    }

    @ParameterizedTest(name = "batch of {0} sleeps {1} us")
    @CsvSource({"1, 4500", "32, 4500", "64, 4500", "65, 4560", "100, 6660", "512, 31380"})
    void infer_withoutJitter_sleepsFlatToSaturationThenLinear(int size, long expectedMicros) throws Exception {
        model(BERT_NO_JITTER).infer(batch(size));

        assertThat(sleeper.sleeps()).containsExactly(Duration.ofNanos(expectedMicros * 1_000));
    }

    @Test
    void infer_withJitter_staysWithinBoundsAndActuallyVaries() throws Exception {
        var config = new SimConfig(Duration.ofMillis(10), 64, Duration.ZERO, 0.2, 0.0, 0);
        SimModel model = model(config);

        for (int i = 0; i < 500; i++) {
            model.infer(batch(1));
        }

        List<Long> nanos = sleeper.sleeps().stream().map(Duration::toNanos).toList();
        assertThat(nanos).allSatisfy(n -> assertThat(n).isBetween(8_000_000L, 12_000_000L));
        assertThat(nanos.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(8_500_000L);
        assertThat(nanos.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(11_500_000L);
    }

    @Test
    void infer_withFailureRate_failsRoughlyThatShareOfBatchesAfterSleeping() throws Exception {
        var config = new SimConfig(Duration.ofMillis(1), 64, Duration.ZERO, 0.0, 0.3, 0);
        SimModel model = model(config);
        int batches = 2_000;
        var failures = new ArrayList<BatchFailedException>();

        for (int i = 0; i < batches; i++) {
            try {
                model.infer(batch(3));
            } catch (BatchFailedException e) {
                failures.add(e);
            }
        }

        assertThat(failures.size()).isBetween(500, 700);
        assertThat(sleeper.sleeps()).hasSize(batches);
        BatchFailedException first = failures.getFirst();
        assertThat(first.code()).isEqualTo("model_error");
        assertThat(first.isRetryable()).isTrue();
        assertThat(first.getMessage()).isEqualTo("simulated failure in batch of 3");
    }

    @Test
    void infer_withZeroFailureRate_neverFails() throws Exception {
        SimModel model = model(BERT_NO_JITTER);

        for (int i = 0; i < 1_000; i++) {
            assertThat(model.infer(batch(2))).hasSize(2);
        }
    }

    @Test
    void infer_aboveOomBound_failsFastWithBatchSize() {
        var config = new SimConfig(Duration.ofMillis(10), 8, Duration.ofMillis(1), 0.0, 0.0, 16);

        assertThatThrownBy(() -> model(config).infer(batch(17)))
                .isInstanceOfSatisfying(OutOfMemoryBatchException.class, e -> {
                    assertThat(e.batchSize()).isEqualTo(17);
                    assertThat(e.code()).isEqualTo("out_of_memory");
                    assertThat(e.getMessage()).contains("17", "16");
                });
        assertThat(sleeper.sleeps()).singleElement()
                .satisfies(d -> assertThat(d).isLessThan(Duration.ofMillis(10)));
    }

    @Test
    void infer_atOomBound_succeeds() throws Exception {
        var config = new SimConfig(Duration.ofMillis(10), 8, Duration.ofMillis(1), 0.0, 0.0, 16);

        assertThat(model(config).infer(batch(16))).hasSize(16);
        assertThat(sleeper.last()).isEqualTo(Duration.ofMillis(18));
    }

    @Test
    void infer_returnsPrefixedUpperCaseTextPerInputInOrder() throws Exception {
        List<ItemResult> results = model(BERT_NO_JITTER)
                .infer(List.of(new Input.Text("hello"), new Input.Text("istanbul")));

        assertThat(results).containsExactly(
                new ItemResult.Success(new Output.Text("[sim] HELLO")),
                new ItemResult.Success(new Output.Text("[sim] ISTANBUL")));
    }

    @Test
    void infer_whenSleepInterrupted_propagatesInterruptedException() {
        var model = new SimModel("test", BERT_NO_JITTER, new SplittableRandom(1), d -> {
            throw new InterruptedException("stop");
        });

        assertThatThrownBy(() -> model.infer(batch(1))).isInstanceOf(InterruptedException.class);
    }

    @Test
    void infer_fromManyThreadsWithSharedRandom_returnsEveryBatch() throws Exception {
        var config = new SimConfig(Duration.ofMillis(1), 64, Duration.ZERO, 0.1, 0.0, 0);
        SimModel model = model(config);
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var futures = IntStream.range(0, 200).mapToObj(i -> executor.submit(() -> model.infer(batch(2)))).toList();
            for (var f : futures) {
                assertThat(f.get()).hasSize(2);
            }
        }
        assertThat(sleeper.sleeps()).hasSize(200);
    }

    @Test
    void describe_namesPresetCurveAndJitter() {
        var model = new SimModel("bert-base-128", SimPresets.named("bert-base-128"), new SplittableRandom(1), sleeper);

        assertThat(model.describe())
                .isEqualTo("sim (preset bert-base-128: 4.5 ms flat to 64, +0.06 ms/item, jitter 10%)");
    }

    @Test
    void describe_withFailuresAndOom_mentionsThem() {
        var config = new SimConfig(Duration.ofMillis(12_500), 1_000, Duration.ZERO, 0.2, 0.3, 256);

        assertThat(new SimModel("custom", config, new SplittableRandom(1), sleeper).describe())
                .isEqualTo("sim (preset custom: 12.5 s flat to 1000, +0 ms/item, jitter 20%,"
                        + " failure rate 30%, out of memory above 256)");
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }
}
