package dev.inferyx.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.RateLimitedException;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final FakeClock clock = new FakeClock();

    private RateLimiter limiter(RateLimit byDefault, Map<String, RateLimit> perOwner) {
        return new RateLimiter(new RateLimits(byDefault, perOwner), clock);
    }

    private static void acquireTimes(RateLimiter limiter, String owner, int times) {
        for (int i = 0; i < times; i++) {
            limiter.acquire(owner);
        }
    }

    @Test
    void acquire_withinBurst_passes_thenRefusesWithTheTimeToTheNextToken() {
        RateLimiter limiter = limiter(new RateLimit(2, 3), Map.of());
        acquireTimes(limiter, "alice", 3);

        assertThatThrownBy(() -> limiter.acquire("alice"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.code()).isEqualTo("rate_limited");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(500));
                    assertThat(e.getMessage()).contains("alice", "2 requests/s", "burst 3", "500 ms");
                });
    }

    @Test
    void acquire_refillsAtTheRate_upToTheBurst() {
        RateLimiter limiter = limiter(new RateLimit(2, 3), Map.of());
        acquireTimes(limiter, "alice", 3);

        clock.advance(Duration.ofMillis(500));
        limiter.acquire("alice");
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimitedException.class);

        clock.advance(Duration.ofHours(1));
        acquireTimes(limiter, "alice", 3);
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void acquire_retryAfter_shrinksAsTimePasses() {
        RateLimiter limiter = limiter(new RateLimit(1, 1), Map.of());
        limiter.acquire("alice");
        clock.advance(Duration.ofMillis(700));

        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(300)));
    }

    @Test
    void acquire_ownersHaveSeparateBuckets_andTheirOwnLimits() {
        RateLimiter limiter = limiter(new RateLimit(1, 1), Map.of("bulk", new RateLimit(100, 5)));
        limiter.acquire("alice");

        limiter.acquire("bob");
        acquireTimes(limiter, "bulk", 5);

        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimitedException.class);
        assertThatThrownBy(() -> limiter.acquire("bulk")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void acquire_unlimited_neverRefusesAndKeepsNoBucket() {
        RateLimiter limiter = limiter(RateLimit.UNLIMITED, Map.of());

        acquireTimes(limiter, "anonymous", 10_000);

        assertThat(limiter.buckets()).isZero();
    }

    @Test
    void buckets_overTheBound_forgetFullOnes_soTheMapStaysBounded() {
        RateLimiter limiter = new RateLimiter(new RateLimits(new RateLimit(1, 1), Map.of()), clock, 3);
        acquireTimes(limiter, "a", 1);
        acquireTimes(limiter, "b", 1);
        acquireTimes(limiter, "c", 1);
        clock.advance(Duration.ofSeconds(1));

        limiter.acquire("d");

        assertThat(limiter.buckets()).isEqualTo(1);
    }

    @Test
    void rateLimit_rejectsBadValues_namingThem() {
        assertThatThrownBy(() -> new RateLimit(0, 1)).hasMessage("rate must be > 0 requests per second, was 0.0");
        assertThatThrownBy(() -> new RateLimit(1, 0)).hasMessage("burst must be >= 1, was 0");
    }
}
