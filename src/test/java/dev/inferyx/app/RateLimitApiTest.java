package dev.inferyx.app;

import static dev.inferyx.app.TestServer.ALICE_KEY;
import static dev.inferyx.app.TestServer.BOB_KEY;
import static dev.inferyx.app.TestServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.service.RateLimit;
import dev.inferyx.service.RateLimits;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-key token buckets against a real server: alice may burst 3, then must wait; bob is unaffected. */
class RateLimitApiTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        // A rate so slow that no token comes back during the test: the outcome never depends on timing.
        server = TestServer.builder().withKeys().sim("sim", TestServer.instantSim(), 100)
                .rateLimits(new RateLimits(RateLimit.UNLIMITED, Map.of("alice", new RateLimit(0.001, 3))))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void burstThen429RateLimited_withRetryAfter_andOtherKeysUnaffected() {
        for (int i = 0; i < 3; i++) {
            assertThat(server.post("/infer", "{\"input\": \"a" + i + "\"}", "Authorization", bearer(ALICE_KEY))
                    .status()).isEqualTo(202);
        }

        TestServer.Response refused = server.post("/infer", "{\"input\": \"a\"}", "Authorization", bearer(ALICE_KEY));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").get("code").asText()).isEqualTo("rate_limited");
        assertThat(refused.json().get("error").get("message").asText()).contains("alice", "burst 3");
        assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isPositive();
        for (int i = 0; i < 5; i++) {
            assertThat(server.post("/infer", "{\"input\": \"b" + i + "\"}", "Authorization", bearer(BOB_KEY))
                    .status()).isEqualTo(202);
        }
        assertThat(server.metric("inferyx_requests_total", "model=\"sim\"", "outcome=\"rate_limited\""))
                .isEqualTo(1);
    }

    @Test
    void twoGatewaysOnOneRedis_spendOneBudgetPerKey() {
        try (dev.inferyx.testing.RedisServer redis = dev.inferyx.testing.RedisServer.start()) {
            String prefix = "rl" + java.util.UUID.randomUUID() + ":";
            RateLimits limits = new RateLimits(RateLimit.UNLIMITED, Map.of("alice", new RateLimit(0.001, 3)));
            try (TestServer one = TestServer.builder().withKeys().sim("sim", TestServer.instantSim(), 100)
                         .rateLimits(limits).redis(redis.url(), prefix).role(Role.GATEWAY).start();
                 TestServer other = TestServer.builder().withKeys().sim("sim", TestServer.instantSim(), 100)
                         .rateLimits(limits).redis(redis.url(), prefix).role(Role.GATEWAY).start()) {
                assertThat(one.post("/infer", "{\"input\": \"a\"}", "Authorization", bearer(ALICE_KEY)).status())
                        .isEqualTo(202);
                assertThat(other.post("/infer", "{\"input\": \"b\"}", "Authorization", bearer(ALICE_KEY)).status())
                        .isEqualTo(202);
                assertThat(one.post("/infer", "{\"input\": \"c\"}", "Authorization", bearer(ALICE_KEY)).status())
                        .isEqualTo(202);

                TestServer.Response refused = other.post("/infer", "{\"input\": \"d\"}", "Authorization",
                        bearer(ALICE_KEY));

                assertThat(refused.status()).as("burst 3 spent across both gateways").isEqualTo(429);
                assertThat(refused.json().get("error").get("code").asText()).isEqualTo("rate_limited");
                assertThat(other.post("/infer", "{\"input\": \"e\"}", "Authorization", bearer(BOB_KEY)).status())
                        .isEqualTo(202);
            }
        }
    }
}
