package dev.inferyx.core;

import java.util.Objects;

/**
 * Why a job did not produce a result: a stable machine-readable {@code code} (e.g. {@code model_error},
 * {@code deadline_exceeded}, {@code shutdown}) and a message meant for the client. Never a stack trace.
 */
public record JobError(String code, String message) {
    public JobError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
