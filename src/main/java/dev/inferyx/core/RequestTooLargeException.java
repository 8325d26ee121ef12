package dev.inferyx.core;

/** The request body is larger than the configured limit. */
public final class RequestTooLargeException extends InferyxException {
    public RequestTooLargeException(long limitBytes) {
        super("payload_too_large", "request body exceeds the limit of " + limitBytes + " bytes");
    }
}
