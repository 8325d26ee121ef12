package dev.inferyx.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand. Thread-safe: production threads may read it while the test advances it. */
public final class FakeClock implements InstantSource {

    private final AtomicReference<Instant> now;

    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** Starts at a fixed, arbitrary instant so failures are reproducible. */
    public FakeClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves time forward by {@code d} (must not be negative) and returns the new instant. */
    public Instant advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, was " + d);
        }
        return now.updateAndGet(t -> t.plus(d));
    }
}
