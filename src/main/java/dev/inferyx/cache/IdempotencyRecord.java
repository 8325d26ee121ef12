package dev.inferyx.cache;

import java.util.Objects;

/**
 * What an {@code Idempotency-Key} is bound to: the fingerprint of the request first sent with it and the request
 * id that request got. Plain strings, so a remote backend stores them as they are.
 */
public record IdempotencyRecord(String fingerprint, String requestId) {
    public IdempotencyRecord {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(requestId, "requestId");
    }
}
