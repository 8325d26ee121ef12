package dev.inferyx.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Lua sources live in resource files beside {@link Scripts}; a missing one must fail loudly, by name. */
class ScriptsTest {

    @Test
    void load_missingResource_failsNamingIt() {
        assertThatThrownBy(() -> Scripts.load("no-such-script.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev/inferyx/queue/redis/no-such-script.lua");
    }

    @Test
    void scripts_startWithTheSharedHelpers_thenTheirOwnBody() {
        assertThat(Scripts.ADMIT).startsWith(Scripts.KEEP).contains("local P = ARGV[1]").endsWith("return {'ok'}\n");
        assertThat(Scripts.SIZE).startsWith(Scripts.KEEP).contains("local function terminal(");
    }
}
