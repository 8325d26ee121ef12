package dev.inferyx.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One owner's token bucket: immutable state behind an {@link AtomicReference}, refilled lazily from the injected
 * time on each take, so it needs no timer. Thread-safe and lock-free.
 */
final class TokenBucket {

    /** Tokens held at an instant. */
    record State(double tokens, Instant at) {
    }

    private final RateLimit limit;
    private final AtomicReference<State> state;

    TokenBucket(RateLimit limit, Instant now) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.state = new AtomicReference<>(new State(limit.burst(), now));
    }

    /** The state at {@code now}: tokens refilled for the time since {@code s.at()}, capped at the burst. */
    static State refill(State s, RateLimit limit, Instant now) {
        if (!now.isAfter(s.at())) {
            return s;
        }
        Duration elapsed = Duration.between(s.at(), now);
        double seconds = elapsed.getSeconds() + elapsed.getNano() / 1e9;
        return new State(Math.min(limit.burst(), s.tokens() + seconds * limit.rate()), now);
    }

    /** Takes a token at {@code now}; empty if taken, otherwise how long until the next token. */
    Optional<Duration> tryTake(Instant now) {
        while (true) {
            State current = state.get();
            State refilled = refill(current, limit, now);
            if (refilled.tokens() < 1) {
                // Rounded, not ceiled: float noise must not turn 300 ms into 300.000001 ms.
                return Optional.of(TokenBuckets.untilNextToken(refilled.tokens(), limit));
            }
            if (state.compareAndSet(current, new State(refilled.tokens() - 1, refilled.at()))) {
                return Optional.empty();
            }
        }
    }

    /** True when the bucket is full at {@code now}: forgetting it would change nothing. */
    boolean isFullAt(Instant now) {
        return refill(state.get(), limit, now).tokens() >= limit.burst();
    }

    RateLimit limit() {
        return limit;
    }
}
