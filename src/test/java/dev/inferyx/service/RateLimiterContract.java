package dev.inferyx.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.RateLimitedException;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenBuckets} backend promises behind a {@link RateLimiter}; each backend's test extends this
 * and supplies the buckets. {@link #anotherGateway()} is a second process's view of the same store: for a shared
 * backend its own connection, for the local one the same object (one process is one gateway).
 */
public abstract class RateLimiterContract {

    protected final FakeClock clock = new FakeClock();

    /** Fresh, empty buckets (a store of their own), reading no clock: time is passed in. */
    protected abstract TokenBuckets newBuckets();

    /** The buckets of another gateway sharing the store {@link #newBuckets()} last returned. */
    protected abstract TokenBuckets anotherGateway();

    private RateLimiter limiter(RateLimit byDefault, Map<String, RateLimit> perOwner) {
        return new RateLimiter(new RateLimits(byDefault, perOwner), clock, newBuckets());
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
    void acquire_fractionalRate_refusesUntilAWholeTokenRefilled() {
        RateLimiter limiter = limiter(new RateLimit(0.5, 1), Map.of());
        limiter.acquire("alice");
        clock.advance(Duration.ofMillis(1_999));

        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1)));
        clock.advance(Duration.ofMillis(1));
        limiter.acquire("alice");
    }

    @Test
    void acquire_clockBehindTheLastTake_refillsNothing() {
        RateLimiter ahead = limiter(new RateLimit(1, 1), Map.of());
        ahead.acquire("alice");
        FakeClock behind = new FakeClock(clock.instant().minusSeconds(30));
        RateLimiter lagging = new RateLimiter(new RateLimits(new RateLimit(1, 1), Map.of()), behind,
                anotherGateway());

        assertThatThrownBy(() -> lagging.acquire("alice")).isInstanceOf(RateLimitedException.class);
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
    void acquire_throughTwoGateways_spendsOneBudgetPerKey() {
        RateLimits limits = new RateLimits(new RateLimit(1, 4), Map.of());
        RateLimiter one = new RateLimiter(limits, clock, newBuckets());
        RateLimiter other = new RateLimiter(limits, clock, anotherGateway());

        acquireTimes(one, "alice", 2);
        acquireTimes(other, "alice", 2);

        assertThatThrownBy(() -> one.acquire("alice")).isInstanceOf(RateLimitedException.class);
        assertThatThrownBy(() -> other.acquire("alice")).isInstanceOf(RateLimitedException.class);
        clock.advance(Duration.ofSeconds(1));
        other.acquire("alice");
        assertThatThrownBy(() -> one.acquire("alice")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void rateLimit_rejectsBadValues_namingThem() {
        assertThatThrownBy(() -> new RateLimit(0, 1)).hasMessage("rate must be > 0 requests per second, was 0.0");
        assertThatThrownBy(() -> new RateLimit(1, 0)).hasMessage("burst must be >= 1, was 0");
    }
}
