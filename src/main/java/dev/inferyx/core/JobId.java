package dev.inferyx.core;

import java.util.Objects;
import java.util.UUID;

/** Identifies one accepted job for its whole life; the {@code request_id} clients see. A canonical UUID. */
public record JobId(String value) {

    public JobId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("job id must be a canonical UUID, was '" + value + "'");
        }
    }

    public static JobId random() {
        return new JobId(UUID.randomUUID().toString());
    }

    /** Parses client-supplied text; empty when it cannot be an id we issued. */
    public static java.util.Optional<JobId> parse(String text) {
        return text != null && isValid(text) ? java.util.Optional.of(new JobId(text)) : java.util.Optional.empty();
    }

    private static boolean isValid(String text) {
        if (text.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
