package dev.inferyx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferyx.core.UnauthorizedException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(List.of(
            ApiKey.fromSecret("alice", "alice-secret"), ApiKey.fromSecret("bob", "bob-secret-2")));

    @Test
    void authenticate_knownKey_returnsItsName() {
        assertThat(auth.authenticate(Optional.of("Bearer alice-secret"))).isEqualTo("alice");
        assertThat(auth.authenticate(Optional.of("bearer bob-secret-2"))).isEqualTo("bob");
    }

    @Test
    void authenticate_missingOrMalformedOrUnknown_isUnauthorized() {
        assertThatThrownBy(() -> auth.authenticate(Optional.empty())).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> auth.authenticate(Optional.of("Basic YWxpY2U="))).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("Bearer");
        assertThatThrownBy(() -> auth.authenticate(Optional.of("Bearer alice-secretX")))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("invalid");
    }

    @Test
    void noKeysConfigured_isOpenAndAnonymous() {
        ApiKeyAuthenticator open = new ApiKeyAuthenticator(List.of());
        assertThat(open.isOpen()).isTrue();
        assertThat(open.authenticate(Optional.empty())).isEqualTo(ApiKeyAuthenticator.ANONYMOUS);
    }

    @Test
    void apiKey_keepsOnlyTheDigest() {
        ApiKey key = ApiKey.fromSecret("alice", "alice-secret");
        assertThat(key.toString()).doesNotContain("alice-secret");
        assertThat(key.sha256Hex()).hasSize(64);
        assertThatThrownBy(() -> ApiKey.fromSecret("short", "1234567")).hasMessageContaining("at least 8");
    }
}
