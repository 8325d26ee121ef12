package dev.inferyx.service;

import dev.inferyx.core.Input;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated request to run one input on a model.
 *
 * @param model    model name or alias; empty means the default model
 * @param owner    the API key name that submits it
 * @param priority higher runs first
 * @param timeout  deadline relative to admission (queue time included); empty means the model's default
 * @param idempotencyKey the client's {@code Idempotency-Key}: a resend with the same key and request returns the
 *                       original job instead of starting another; 1-255 printable ASCII characters
 */
public record SubmitRequest(Optional<String> model, Input input, String owner, int priority,
                            Optional<Duration> timeout, Optional<String> idempotencyKey) {

    public SubmitRequest(Optional<String> model, Input input, String owner, int priority, Optional<Duration> timeout) {
        this(model, input, owner, priority, timeout, Optional.empty());
    }

    public SubmitRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        idempotencyKey.ifPresent(key -> {
            if (!key.matches("[\\x20-\\x7e]{1,255}")) {
                throw new IllegalArgumentException("idempotency key must be 1-255 printable ASCII characters");
            }
        });
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(timeout, "timeout");
    }

    public SubmitRequest withInput(Input other) {
        return new SubmitRequest(model, other, owner, priority, timeout, idempotencyKey);
    }

    public SubmitRequest withIdempotencyKey(Optional<String> key) {
        return new SubmitRequest(model, input, owner, priority, timeout, key);
    }
}
