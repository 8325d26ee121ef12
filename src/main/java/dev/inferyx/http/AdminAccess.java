package dev.inferyx.http;

import dev.inferyx.core.UnauthorizedException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who may call the admin routes (dead letters, model repository): a holder of an admin key
 * ({@code auth.admin_keys}); with none configured, anyone, but only when the whole server is open on loopback.
 */
final class AdminAccess {

    private final ApiKeyAuthenticator adminAuth;
    private final boolean openWithoutKeys;

    /** @param openWithoutKeys no admin keys are configured and the server is open on loopback */
    AdminAccess(ApiKeyAuthenticator adminAuth, boolean openWithoutKeys) {
        this.adminAuth = adminAuth;
        this.openWithoutKeys = openWithoutKeys;
    }

    /** Returns if the request may use the admin API; otherwise {@link UnauthorizedException}. */
    void authorize(ServerRequest req) {
        if (!adminAuth.isOpen()) {
            adminAuth.authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
            return;
        }
        if (!openWithoutKeys) {
            throw new UnauthorizedException("the admin API needs an admin key: configure auth.admin_keys "
                    + "(or INFERYX_ADMIN_KEYS)");
        }
    }
}
