package dev.inferyx.service;

import java.util.Objects;
import java.util.Optional;

/**
 * One model of the repository as {@code POST /v2/repository/index} lists it: its name, the version served (or
 * last seen), its state, and why it is not ready.
 */
public record RepositoryModel(String name, Optional<String> version, State state, String reason) {

    /** Triton's states for repository models. */
    public enum State {
        /** Loaded and serving. */
        READY,
        /** Not served: never loaded, unloaded, or failed to load ({@code reason} says which). */
        UNAVAILABLE
    }

    public RepositoryModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
