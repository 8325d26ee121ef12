package dev.inferyx.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputGeneratorTest {

    private static Map<InputGenerator.Kind, Integer> kinds(InputMix mix, int n, Set<String> texts) {
        InputGenerator generator = new InputGenerator(mix, 1234);
        Map<InputGenerator.Kind, Integer> counts = new EnumMap<>(InputGenerator.Kind.class);
        for (int i = 0; i < n; i++) {
            InputGenerator.Sample s = generator.next();
            counts.merge(s.kind(), 1, Integer::sum);
            texts.add(s.text());
        }
        return counts;
    }

    @Test
    void seedMix_isSeventyRepeatedTwentyMutatedTenUnique() {
        int n = 20_000;
        Map<InputGenerator.Kind, Integer> counts = kinds(InputMix.SEED, n, new HashSet<>());

        assertThat(counts.get(InputGenerator.Kind.REPEATED) / (double) n).isCloseTo(0.70, within(0.015));
        assertThat(counts.get(InputGenerator.Kind.MUTATED) / (double) n).isCloseTo(0.20, within(0.015));
        assertThat(counts.get(InputGenerator.Kind.UNIQUE) / (double) n).isCloseTo(0.10, within(0.015));
    }

    @Test
    void repeatedMix_drawsOnlyFromTheSmallPool() {
        Set<String> texts = new HashSet<>();
        Map<InputGenerator.Kind, Integer> counts = kinds(InputMix.REPEATED, 5_000, texts);

        assertThat(counts).containsOnlyKeys(InputGenerator.Kind.REPEATED);
        assertThat(texts).hasSizeLessThanOrEqualTo(InputGenerator.POOL_SIZE);
    }

    @Test
    void uniqueMix_neverRepeatsAnInput() {
        Set<String> texts = new HashSet<>();
        kinds(InputMix.UNIQUE, 5_000, texts);

        assertThat(texts).hasSize(5_000);
    }

    @Test
    void sameSeed_sameInputs() {
        InputGenerator a = new InputGenerator(InputMix.SEED, 9);
        InputGenerator b = new InputGenerator(InputMix.SEED, 9);
        for (int i = 0; i < 100; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void parse_unknownMix_namesTheBadValue() {
        assertThat(InputMix.parse("Seed")).isEqualTo(InputMix.SEED);
        assertThatThrownBy(() -> InputMix.parse("zipf")).hasMessageContaining("'zipf'");
    }
}
