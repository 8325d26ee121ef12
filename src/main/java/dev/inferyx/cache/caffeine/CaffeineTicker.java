package dev.inferyx.cache.caffeine;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Instant;
import java.time.InstantSource;

/** Caffeine's time source driven by the injected clock, so TTLs follow a test's fake clock. */
final class CaffeineTicker {

    private CaffeineTicker() {
    }

    static Ticker of(InstantSource clock) {
        return () -> {
            Instant now = clock.instant();
            // Epoch nanos fit a long until 2262; Caffeine only compares differences.
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
