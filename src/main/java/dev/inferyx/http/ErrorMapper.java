package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.ConflictException;
import dev.inferyx.core.DeadlineExceededException;
import dev.inferyx.core.InferyxException;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.JobError;
import dev.inferyx.core.ModelNotServedException;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.core.QueueFullException;
import dev.inferyx.core.RateLimitedException;
import dev.inferyx.core.RequestTooLargeException;
import dev.inferyx.core.UnauthorizedException;
import dev.inferyx.core.UnavailableException;
import dev.inferyx.core.UnsupportedMediaTypeException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * The one place where errors become HTTP: each {@link InferyxException} kind maps to a status, and every error
 * body has the shape {@code {"error": {"code": ..., "message": ...}, "request_id": ...}} — or, on the Open
 * Inference Protocol's {@code /v2} routes, the shape its clients parse, {@code {"error": "..."}} ({@link Shape#V2}),
 * with the same headers and the statuses of {@link #statusOf(InferyxException, Shape)}. Never a stack trace.
 */
public final class ErrorMapper {

    private static final String RETRY_AFTER_QUEUE_FULL_SECONDS = "1";

    /** Which body an error gets: Inferyx's own, or the Open Inference Protocol's. */
    public enum Shape {
        INFERYX, V2
    }

    private final Json json;

    public ErrorMapper(Json json) {
        this.json = json;
    }

    /** The status for an error kind. Exhaustive over the sealed hierarchy: a new kind will not compile here. */
    public static Status statusOf(InferyxException e) {
        return switch (e) {
            case InvalidRequestException ignored -> Status.BAD_REQUEST_400;
            case UnauthorizedException ignored -> Status.UNAUTHORIZED_401;
            case NotFoundException ignored -> Status.NOT_FOUND_404;
            case RequestTooLargeException ignored -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case UnsupportedMediaTypeException ignored -> Status.UNSUPPORTED_MEDIA_TYPE_415;
            case QueueFullException ignored -> Status.TOO_MANY_REQUESTS_429;
            case UnavailableException ignored -> Status.SERVICE_UNAVAILABLE_503;
            case RateLimitedException ignored -> Status.TOO_MANY_REQUESTS_429;
            case ConflictException ignored -> Status.UNPROCESSABLE_CONTENT_422;
            case DeadlineExceededException ignored -> Status.GATEWAY_TIMEOUT_504;
            case ModelNotServedException ignored -> Status.CONFLICT_409;
        };
    }

    /**
     * The status in {@code shape}. The Open Inference Protocol's reference server (Triton) answers a full queue and
     * an expired request timeout with 503, so V2 clients get 503 (with the same Retry-After) where Inferyx's own API
     * distinguishes 429 and 504; everything else is the same.
     */
    public static Status statusOf(InferyxException e, Shape shape) {
        boolean busy = e instanceof QueueFullException || e instanceof RateLimitedException
                || e instanceof DeadlineExceededException;
        return shape == Shape.V2 && busy ? Status.SERVICE_UNAVAILABLE_503 : statusOf(e);
    }

    /** Sends the error, with the headers its kind calls for (WWW-Authenticate, Retry-After). */
    public void send(ServerResponse res, InferyxException e, Optional<String> requestId) {
        send(res, e, requestId, Shape.INFERYX);
    }

    /** Sends the error in {@code shape}, with the headers its kind calls for. */
    public void send(ServerResponse res, InferyxException e, Optional<String> requestId, Shape shape) {
        switch (e) {
            case UnauthorizedException ignored ->
                    res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"inferyx\"");
            case QueueFullException ignored -> res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_QUEUE_FULL_SECONDS);
            case UnavailableException u -> res.header(HeaderNames.RETRY_AFTER, retryAfterSeconds(u.retryAfter()));
            case RateLimitedException r -> res.header(HeaderNames.RETRY_AFTER, retryAfterSeconds(r.retryAfter()));
            default -> {
            }
        }
        send(res, statusOf(e, shape), e.code(), e.getMessage(), requestId, shape);
    }

    /**
     * Sends a job that ended FAILED to a client that waited for it synchronously (the V2 infer route): an input the
     * model refused is the client's mistake (400), a job failed by shutdown may be retried elsewhere (503), any
     * other failure is the model's (500). The job's own error code and message go into the body.
     */
    public void sendFailedJob(ServerResponse res, JobError error, Optional<String> requestId, Shape shape) {
        Status status = switch (error.code()) {
            case "invalid_input" -> Status.BAD_REQUEST_400;
            case "shutdown" -> Status.SERVICE_UNAVAILABLE_503;
            default -> Status.INTERNAL_SERVER_ERROR_500;
        };
        send(res, status, error.code(), "inference failed (" + error.code() + "): " + error.message(), requestId,
                shape);
    }

    /** Whole seconds, rounded up, at least 1: Retry-After has no finer unit and 0 invites a hot retry loop. */
    private static String retryAfterSeconds(java.time.Duration d) {
        long millis = Math.max(0, d.toMillis());
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }

    /** Sends an error that has no exception kind (405, 500). */
    public void send(ServerResponse res, Status status, String code, String message, Optional<String> requestId) {
        send(res, status, code, message, requestId, Shape.INFERYX);
    }

    /**
     * Sends an error without an exception kind in {@code shape}. The V2 body has only the message, so a request id
     * goes into it, where a client's log will show it.
     */
    public void send(ServerResponse res, Status status, String code, String message, Optional<String> requestId,
                     Shape shape) {
        if (shape == Shape.V2) {
            ObjectNode body = json.object();
            body.put("error", message + requestId.map(id -> " (request_id " + id + ")").orElse(""));
            res.status(status);
            json.send(res, body);
            return;
        }
        ObjectNode body = json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        requestId.ifPresent(id -> body.put("request_id", id));
        res.status(status);
        json.send(res, body);
    }
}
