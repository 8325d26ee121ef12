package dev.inferyx.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@link RedisServer} for one test class, started before its first test and stopped after its last:
 * {@code @RegisterExtension static final PrivateRedis redis = new PrivateRedis();}
 */
public final class PrivateRedis implements BeforeAllCallback, AfterAllCallback {

    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = RedisServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; only between the class's first and last test. */
    public RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("the private redis-server runs only while the test class does");
        }
        return server;
    }

    public String url() {
        return server().url();
    }
}
