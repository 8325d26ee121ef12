package dev.inferyx.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputTest {

    @Test
    void embedding_copiesOnTheWayInAndOut() {
        float[] values = {1f, 2f};
        var embedding = new Output.Embedding(values);

        values[0] = 99f;
        embedding.values()[1] = 99f;

        assertThat(embedding.values()).containsExactly(1f, 2f);
        assertThat(embedding.dimensions()).isEqualTo(2);
        assertThat(embedding.value(1)).isEqualTo(2f);
    }

    @Test
    void embedding_equalsAndHashesByContents() {
        var a = new Output.Embedding(new float[] {0.5f, -1f});
        var b = new Output.Embedding(new float[] {0.5f, -1f});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Output.Embedding(new float[] {0.5f, 1f}));
        assertThat(a.toString()).contains("2 dims");
    }
}
