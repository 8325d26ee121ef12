package dev.inferyx.core;

/**
 * The request contradicts earlier state, e.g. an {@code Idempotency-Key} reused with a different body.
 */
public final class ConflictException extends InferyxException {
    public ConflictException(String code, String message) {
        super(code, message);
    }
}
