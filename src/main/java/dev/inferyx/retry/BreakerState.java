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

    /** Letting work through to probe; {@code successes} successful batches so far. */
    record HalfOpen(int successes) implements BreakerState {
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
            return new HalfOpen(0);
        }
        return state;
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
                            : new HalfOpen(half.successes() + 1);
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

    /** How long an OPEN state still refuses work at {@code now}; zero for any other state. */
    static Duration remainingOpen(BreakerState state, Instant now) {
        return state instanceof Open open && now.isBefore(open.until())
                ? Duration.between(now, open.until())
                : Duration.ZERO;
    }
}
