package dev.inferyx.core;

import java.util.Optional;

/**
 * Every error a client can be told about. Sealed, so the single HTTP error mapper handles each kind
 * exhaustively; code below the HTTP layer throws these and never thinks in status codes.
 * {@link #code()} is the stable machine-readable code clients switch on.
 */
public abstract sealed class InferyxException extends RuntimeException
        permits InvalidRequestException, UnauthorizedException, NotFoundException, RequestTooLargeException,
        UnsupportedMediaTypeException, QueueFullException, UnavailableException, RateLimitedException,
        ConflictException, DeadlineExceededException, ModelNotServedException {

    private final String code;

    protected InferyxException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    protected InferyxException(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public final String code() {
        return code;
    }

    /** The job this error is about, when the request did not name it in its path (e.g. a waiting submit). */
    public Optional<String> requestId() {
        return Optional.empty();
    }
}
