package dev.inferyx.core;

/** The body is not JSON. */
public final class UnsupportedMediaTypeException extends InferyxException {
    public UnsupportedMediaTypeException(String actual) {
        super("unsupported_media_type", "expected Content-Type application/json, got '" + actual + "'");
    }
}
