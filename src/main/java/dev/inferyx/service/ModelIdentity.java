package dev.inferyx.service;

import dev.inferyx.core.tensor.Signature;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request needs to know about a served model before submitting to it: its canonical name, the version it
 * serves, and its signature (empty where the model is not loaded in this process and, on a gateway, no worker has
 * published it yet). Cheap to get: no live state is read (a gateway reads a published description at most once a
 * second).
 */
public record ModelIdentity(String name, String version, Optional<Signature> signature) {
    public ModelIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(signature, "signature");
    }
}
