package dev.inferyx.core;

/** No API key, or one that is not configured. */
public final class UnauthorizedException extends InferyxException {
    public UnauthorizedException(String message) {
        super("unauthorized", message);
    }
}
