package dev.inferyx.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rate-limiter contract on buckets in this process's memory, plus their bound. */
class LocalRateLimiterTest extends RateLimiterContract {

    private LocalTokenBuckets buckets;

    @Override
    protected TokenBuckets newBuckets() {
        buckets = new LocalTokenBuckets();
        return buckets;
    }

    @Override
    protected TokenBuckets anotherGateway() {
        return buckets;
    }

    @Test
    void acquire_unlimited_neverRefusesAndKeepsNoBucket() {
        LocalTokenBuckets local = new LocalTokenBuckets();
        RateLimiter limiter = new RateLimiter(RateLimits.UNLIMITED, clock, local);

        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("anonymous");
        }

        assertThat(local.size()).isZero();
    }

    @Test
    void buckets_overTheBound_forgetFullOnes_soTheMapStaysBounded() {
        LocalTokenBuckets local = new LocalTokenBuckets(3);
        RateLimiter limiter = new RateLimiter(new RateLimits(new RateLimit(1, 1), Map.of()), clock, local);
        limiter.acquire("a");
        limiter.acquire("b");
        limiter.acquire("c");
        clock.advance(Duration.ofSeconds(1));

        limiter.acquire("d");

        assertThat(local.size()).isEqualTo(1);
    }
}
