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
 */
public record SubmitRequest(Optional<String> model, Input input, String owner, int priority,
                            Optional<Duration> timeout) {
    public SubmitRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(timeout, "timeout");
    }
}
