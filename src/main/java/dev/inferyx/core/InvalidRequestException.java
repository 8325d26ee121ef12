package dev.inferyx.core;

/** The request is malformed or breaks a documented limit (bad JSON, wrong type, empty or over-long input). */
public final class InvalidRequestException extends InferyxException {
    public InvalidRequestException(String code, String message) {
        super(code, message);
    }
}
