package dev.inferyx.worker;

import dev.inferyx.retry.CircuitBreaker;
import dev.inferyx.retry.Retrier;
import java.util.Optional;

/**
 * What a pool does when a batch fails: retry decisions (empty = fail at once, the behaviour before retries) and
 * the model's circuit breaker to report batch outcomes to (empty = none). Immutable.
 */
public record FailureHandling(Optional<Retrier> retrier, Optional<CircuitBreaker> breaker) {

    public static final FailureHandling NONE = new FailureHandling(Optional.empty(), Optional.empty());

    public FailureHandling {
        java.util.Objects.requireNonNull(retrier, "retrier");
        java.util.Objects.requireNonNull(breaker, "breaker");
    }

    public static FailureHandling of(Retrier retrier, CircuitBreaker breaker) {
        return new FailureHandling(Optional.of(retrier), Optional.of(breaker));
    }
}
