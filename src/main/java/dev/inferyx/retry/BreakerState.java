package dev.inferyx.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The immutable states of a {@link CircuitBreaker} and the pure functions that move between them:
 * <pre>
 *   CLOSED --(failure rate >= threshold over the window, with >= min calls)--> OPEN
 *   OPEN --(open_for elapsed, seen on the next read or outcome)--> HALF_OPEN
 *   HALF_OPEN admits at most half_open_probes jobs (more again if open_for passes with no verdict)
 *   HALF_OPEN --(half_open_probes successful batches in a row)--> CLOSED
 *   HALF_OPEN --(any failed batch)--> OPEN
 * </pre>
 */
public sealed interface BreakerState {

    /** The wire name: {@code closed}, {@code open} or {@code half_open}. */
    String wireName();

    /** Counting batches; {@code window} holds per-second calls and failures. */
    record Closed(Window window) implements BreakerState {
        public Closed {
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String wireName() {
            return "closed";
        }
    }

    /** Refusing submissions until {@code until}. */
    record Open(Instant until) implements BreakerState {
        public Open {
            Objects.requireNonNull(until, "until");
        }

        @Override
        public String wireName() {
            return "open";
        }
    }

    /**
     * Probing: {@code successes} successful batches so far; {@code admitted} probe jobs let in since
     * {@code since}.
     */
    record HalfOpen(int successes, int admitted, Instant since) implements BreakerState {
        public HalfOpen {
            Objects.requireNonNull(since, "since");
        }

        @Override
        public String wireName() {
            return "half_open";
        }
    }

    static BreakerState initial(BreakerPolicy policy) {
        return new Closed(Window.empty((int) policy.window().getSeconds()));
    }

    /** Time passing alone: an OPEN whose wait is over becomes HALF_OPEN; anything else is unchanged. */
    static BreakerState atTime(BreakerState state, Instant now) {
        if (state instanceof Open open && !now.isBefore(open.until())) {
            return new HalfOpen(0, 0, open.until());
        }
        return state;
    }

    /** The outcome of asking to admit one job: the next state, and whether the job may go in. */
    record Admission(BreakerState next, boolean allowed) {
    }

    /**
     * One job asks to be admitted at {@code now}: CLOSED always admits, OPEN never, HALF_OPEN admits up to
     * {@code half_open_probes} jobs — and again that many once {@code open_for} passed with no verdict, so probes
     * that expired or were rejected cannot leave the breaker refusing everything forever.
     */
    static Admission admit(BreakerState state, Instant now, BreakerPolicy policy) {
        return switch (atTime(state, now)) {
            case Closed closed -> new Admission(closed, true);
            case Open open -> new Admission(open, false);
            case HalfOpen half -> {
                HalfOpen fresh = !now.isBefore(half.since().plus(policy.openFor()))
                        ? new HalfOpen(half.successes(), 0, now)
                        : half;
                yield fresh.admitted() < policy.halfOpenProbes()
                        ? new Admission(new HalfOpen(fresh.successes(), fresh.admitted() + 1, fresh.since()), true)
                        : new Admission(fresh, false);
            }
        };
    }

    /** The state after one batch ended at {@code now}, {@code failed} or not. */
    static BreakerState afterBatch(BreakerState state, boolean failed, Instant now, BreakerPolicy policy) {
        return switch (atTime(state, now)) {
            case Closed closed -> {
                Window window = closed.window().record(now.getEpochSecond(), failed);
                yield window.calls() >= policy.minCalls()
                        && window.failures() >= policy.failureRate() * window.calls()
                        ? new Open(now.plus(policy.openFor()))
                        : new Closed(window);
            }
            // Batches claimed before it opened may still end; they say nothing new.
            case Open open -> open;
            case HalfOpen half -> failed
                    ? new Open(now.plus(policy.openFor()))
                    : half.successes() + 1 >= policy.halfOpenProbes()
                            ? initial(policy)
                            : new HalfOpen(half.successes() + 1, half.admitted(), half.since());
        };
    }

    /** Per-second counts over the last {@code size} seconds. Immutable: {@link #record} copies. */
    record Window(long[] seconds, int[] perSecondCalls, int[] failed) {

        static Window empty(int size) {
            long[] seconds = new long[size];
            Arrays.fill(seconds, Long.MIN_VALUE);
            return new Window(seconds, new int[size], new int[size]);
        }

        Window record(long second, boolean failure) {
            int size = seconds.length;
            int slot = (int) Math.floorMod(second, (long) size);
            long[] s = seconds.clone();
            int[] c = perSecondCalls.clone();
            int[] f = failed.clone();
            // Drop every slot that has fallen out of the window, so the sums below see only recent seconds.
            for (int i = 0; i < size; i++) {
                if (s[i] <= second - size || s[i] > second) {
                    s[i] = Long.MIN_VALUE;
                    c[i] = 0;
                    f[i] = 0;
                }
            }
            if (s[slot] != second) {
                s[slot] = second;
                c[slot] = 0;
                f[slot] = 0;
            }
            c[slot]++;
            if (failure) {
                f[slot]++;
            }
            return new Window(s, c, f);
        }

        int calls() {
            return Arrays.stream(perSecondCalls).sum();
        }

        int failures() {
            return Arrays.stream(failed).sum();
        }
    }

    /**
     * How long a refusal at {@code now} should tell the client to wait: the rest of an OPEN wait, or until a
     * HALF_OPEN's probe slots refresh; at least one second.
     */
    static Duration retryAfter(BreakerState state, Instant now, BreakerPolicy policy) {
        Instant until = switch (state) {
            case Open open -> open.until();
            case HalfOpen half -> half.since().plus(policy.openFor());
            case Closed closed -> now;
        };
        Duration left = Duration.between(now, until);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
