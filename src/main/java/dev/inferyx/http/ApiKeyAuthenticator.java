package dev.inferyx.http;

import dev.inferyx.core.UnauthorizedException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <key>} against the configured keys. Keys are held only as SHA-256
 * digests, and the presented key is compared with every configured digest in constant time, so neither
 * timing nor a heap dump reveals a key. With no keys configured the server is open and every caller is
 * {@value #ANONYMOUS}. Thread-safe (immutable).
 */
public final class ApiKeyAuthenticator {

    public static final String ANONYMOUS = "anonymous";
    private static final String BEARER = "bearer ";

    private final List<Entry> keys;

    private record Entry(String name, byte[] digest) {
    }

    public ApiKeyAuthenticator(List<ApiKey> keys) {
        this.keys = keys.stream().map(k -> new Entry(k.name(), HexFormat.of().parseHex(k.sha256Hex()))).toList();
    }

    public boolean isOpen() {
        return keys.isEmpty();
    }

    /** The owner name for the request's credentials, or {@link UnauthorizedException}. */
    public String authenticate(Optional<String> authorization) {
        if (isOpen()) {
            return ANONYMOUS;
        }
        String header = authorization.orElseThrow(() -> new UnauthorizedException(
                "missing API key: send 'Authorization: Bearer <key>'"));
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("malformed Authorization header: expected 'Bearer <key>'");
        }
        byte[] presented = digest(header.substring(BEARER.length()).trim());
        String owner = null;
        for (Entry entry : keys) {
            // No early exit: every configured digest is compared, so timing says nothing about which matched.
            if (MessageDigest.isEqual(entry.digest(), presented) && owner == null) {
                owner = entry.name();
            }
        }
        if (owner == null) {
            throw new UnauthorizedException("invalid API key");
        }
        return owner;
    }

    private static byte[] digest(String secret) {
        return HexFormat.of().parseHex(ApiKey.sha256(secret));
    }
}
