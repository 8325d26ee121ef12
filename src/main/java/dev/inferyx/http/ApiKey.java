package dev.inferyx.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A configured API key: a name (the owner recorded on jobs, shown in logs) and the SHA-256 of the secret.
 * The secret itself is never kept.
 */
public record ApiKey(String name, String sha256Hex) {

    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256Hex, "sha256");
        if (!name.matches("[a-zA-Z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("api key name must be 1-64 of [a-zA-Z0-9._-], was '" + name + "'");
        }
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("api key sha256 must be 64 lower-case hex digits for key '" + name + "'");
        }
    }

    /** Builds the entry for a plain-text secret, hashing it at once. */
    public static ApiKey fromSecret(String name, String secret) {
        if (secret == null || secret.length() < 8) {
            throw new IllegalArgumentException("api key '" + name + "' must be at least 8 characters");
        }
        return new ApiKey(name, sha256(secret));
    }

    public static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
