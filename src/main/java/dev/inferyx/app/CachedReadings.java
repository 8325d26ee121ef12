package dev.inferyx.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a shared store said about each key, kept for {@code refresh} so that a gateway asks the store at most once
 * per key and interval, however many requests it serves. A reading taken "in the future" (the injected clock went
 * back) counts as stale. Thread-safe: one key is read by one thread at a time.
 *
 * @param <V> what a reading holds
 */
final class CachedReadings<V> {

    private record Reading<V>(Instant readAt, V value) {
    }

    private final Duration refresh;
    private final ConcurrentHashMap<String, Reading<V>> readings = new ConcurrentHashMap<>();

    CachedReadings(Duration refresh) {
        this.refresh = Objects.requireNonNull(refresh, "refresh");
    }

    /**
     * The reading of {@code key} taken within {@code refresh} before {@code now} while {@code stillTrue} holds for
     * it, or a new one from {@code read}.
     */
    V get(String key, Instant now, Predicate<V> stillTrue, Function<String, V> read) {
        return readings.compute(key, (k, last) -> last != null && now.isBefore(last.readAt().plus(refresh))
                && !now.isBefore(last.readAt()) && stillTrue.test(last.value())
                ? last
                : new Reading<>(now, read.apply(k))).value();
    }

    /** Replaces the reading of {@code key} with {@code value}, learnt at {@code now} some other way. */
    void put(String key, Instant now, V value) {
        readings.put(key, new Reading<>(now, value));
    }
}
