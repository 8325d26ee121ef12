package dev.inferyx.retry;

import dev.inferyx.metrics.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One model's circuit breaker: an immutable {@link BreakerState} behind an {@link AtomicReference}, moved only by
 * the pure functions of {@link BreakerState}. Workers report each batch's outcome; the service asks
 * {@link #openFor()} before admitting a job. Transitions are reported to {@link Metrics#breakerTransition}.
 * Thread-safe and lock-free.
 */
public final class CircuitBreaker {

    private final String model;
    private final BreakerPolicy policy;
    private final InstantSource clock;
    private final Metrics metrics;
    private final AtomicReference<BreakerState> state;

    public CircuitBreaker(String model, BreakerPolicy policy, InstantSource clock, Metrics metrics) {
        this.model = Objects.requireNonNull(model, "model");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.state = new AtomicReference<>(BreakerState.initial(policy));
    }

    /** Records one batch's outcome. */
    public void onBatch(boolean failed) {
        Instant now = clock.instant();
        move(s -> BreakerState.afterBatch(s, failed, now, policy));
    }

    /** While open: how long it stays open. Empty when closed or half-open (work may go through). */
    public Optional<Duration> openFor() {
        Instant now = clock.instant();
        BreakerState current = move(s -> BreakerState.atTime(s, now));
        Duration remaining = BreakerState.remainingOpen(current, now);
        return remaining.isZero() ? Optional.empty() : Optional.of(remaining);
    }

    /** The current state, with any elapsed open wait applied. */
    public BreakerState state() {
        Instant now = clock.instant();
        return move(s -> BreakerState.atTime(s, now));
    }

    private BreakerState move(UnaryOperator<BreakerState> transition) {
        while (true) {
            BreakerState before = state.get();
            BreakerState after = transition.apply(before);
            if (after == before) {
                return before;
            }
            if (state.compareAndSet(before, after)) {
                if (!after.wireName().equals(before.wireName())) {
                    metrics.breakerTransition(model, before.wireName(), after.wireName());
                }
                return after;
            }
        }
    }
}
