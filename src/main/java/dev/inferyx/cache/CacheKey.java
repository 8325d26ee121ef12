package dev.inferyx.cache;

import dev.inferyx.core.Input;
import dev.inferyx.core.tensor.TensorCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What identifies a reusable result: the SHA-256 of (model, model version, input), as 64 hex digits, so a key
 * has a fixed size whatever the input and can name a Redis key as it is. The model name is kept beside the
 * digest for metrics labels; it is part of the digest too, so two models never share an entry.
 */
public record CacheKey(String model, String digest) {

    public CacheKey {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(digest, "digest");
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("digest must be 64 lower-case hex digits, was '" + digest + "'");
        }
    }

    /** The key of {@code input} run on {@code version} of {@code model}. */
    public static CacheKey of(String model, String version, Input input) {
        Objects.requireNonNull(version, "version");
        MessageDigest sha = sha256();
        // Length-prefixed fields: ("ab", "c") and ("a", "bc") must not collide.
        field(sha, model);
        field(sha, version);
        switch (input) {
            case Input.Text text -> {
                field(sha, "text");
                field(sha, text.text());
            }
            case Input.Tensors tensors -> {
                field(sha, "tensors");
                field(sha, TensorCodec.encode(tensors.tensors()));
            }
        }
        return new CacheKey(model, HexFormat.of().formatHex(sha.digest()));
    }

    private static void field(MessageDigest sha, String value) {
        field(sha, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(MessageDigest sha, byte[] bytes) {
        sha.update((byte) (bytes.length >>> 24));
        sha.update((byte) (bytes.length >>> 16));
        sha.update((byte) (bytes.length >>> 8));
        sha.update((byte) bytes.length);
        sha.update(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
