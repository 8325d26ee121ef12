package dev.inferyx.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.Input;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    @Test
    void of_sameModelVersionAndInput_isTheSameKey() {
        assertThat(CacheKey.of("sim", "1", new Input.Text("hello")))
                .isEqualTo(CacheKey.of("sim", "1", new Input.Text("hello")));
    }

    @Test
    void of_differsInModelVersionOrInput_isADifferentKey() {
        CacheKey base = CacheKey.of("sim", "1", new Input.Text("hello"));

        assertThat(CacheKey.of("echo", "1", new Input.Text("hello")).digest()).isNotEqualTo(base.digest());
        assertThat(CacheKey.of("sim", "2", new Input.Text("hello")).digest()).isNotEqualTo(base.digest());
        assertThat(CacheKey.of("sim", "1", new Input.Text("hello!")).digest()).isNotEqualTo(base.digest());
    }

    @Test
    void of_fieldBoundariesMatter_soShiftedTextDoesNotCollide() {
        assertThat(CacheKey.of("sim", "1a", new Input.Text("b")).digest())
                .isNotEqualTo(CacheKey.of("sim", "1", new Input.Text("ab")).digest());
    }

    @Test
    void digest_isSixtyFourHexDigits_whateverTheInputSize() {
        assertThat(CacheKey.of("sim", "1", new Input.Text("x".repeat(10_000))).digest()).hasSize(64);
    }

    @Test
    void constructor_rejectsANonDigest_namingIt() {
        assertThatThrownBy(() -> new CacheKey("sim", "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }
}
