package dev.inferyx.cache;

import java.util.Optional;

/**
 * Which request each {@code Idempotency-Key} started, for a TTL and up to a size bound. Keys are opaque scopes
 * chosen by the caller (a digest of the API key's owner and the header value, so owners never collide).
 *
 * <p>Implementations are thread-safe, and {@link #putIfAbsent} is atomic: of concurrent calls for one scope,
 * exactly one stores its record (Redis: {@code SET NX PX}).
 */
public interface IdempotencyStore {

    /** Stores {@code record} under {@code scope} unless one is held; returns the held one (nothing stored) or empty. */
    Optional<IdempotencyRecord> putIfAbsent(String scope, IdempotencyRecord record);

    /** Forgets {@code scope} if it still holds {@code record}: the request it named was refused, so may be resent. */
    void remove(String scope, IdempotencyRecord record);

    /** Records held now (an estimate for backends that expire lazily). */
    long size();
}
