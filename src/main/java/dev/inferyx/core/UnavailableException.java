package dev.inferyx.core;

import java.time.Duration;

/** The server cannot take work right now (draining for shutdown, not ready, backend unreachable). */
public final class UnavailableException extends InferyxException {
    private final Duration retryAfter;

    public UnavailableException(String code, String message, Duration retryAfter) {
        super(code, message);
        this.retryAfter = retryAfter;
    }

    public static UnavailableException draining() {
        return new UnavailableException("draining", "server is shutting down and accepts no new work",
                Duration.ofSeconds(5));
    }

    /** When a client may reasonably try again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
