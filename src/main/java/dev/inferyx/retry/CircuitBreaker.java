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
 * {@link #tryAdmit()} before admitting a job. Transitions are reported to {@link Metrics#breakerTransition} and to
 * a {@link BreakerListener}.
 * Thread-safe and lock-free.
 */
public final class CircuitBreaker {

    private final String model;
    private final BreakerPolicy policy;
    private final InstantSource clock;
    private final Metrics metrics;
    private final AtomicReference<BreakerState> state;
    private final BreakerListener listener;

    public CircuitBreaker(String model, BreakerPolicy policy, InstantSource clock, Metrics metrics) {
        this(model, policy, clock, metrics, BreakerListener.NONE);
    }

    /** @param listener told of every change of wire state (e.g. to publish it to the fleet) */
    public CircuitBreaker(String model, BreakerPolicy policy, InstantSource clock, Metrics metrics,
                          BreakerListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
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

    /**
     * Asks to admit one job. Empty = admitted (in half-open this takes one of the probe slots); otherwise the
     * breaker refuses it and says how long the client should wait.
     */
    public Optional<Duration> tryAdmit() {
        Instant now = clock.instant();
        BreakerState.Admission[] last = new BreakerState.Admission[1];
        BreakerState current = move(s -> {
            last[0] = BreakerState.admit(s, now, policy);
            return last[0].next();
        });
        return last[0].allowed() ? Optional.empty() : Optional.of(BreakerState.retryAfter(current, now, policy));
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
                boolean wireChanged = !after.wireName().equals(before.wireName());
                if (wireChanged) {
                    metrics.breakerTransition(model, before.wireName(), after.wireName());
                }
                // A failed half-open probe read from an OPEN whose time passed goes OPEN -> OPEN with a new end in
                // one move: the wire name is the same, but listeners must learn the new end.
                if (wireChanged || after instanceof BreakerState.Open) {
                    listener.changed(model, after);
                }
                return after;
            }
        }
    }
}
