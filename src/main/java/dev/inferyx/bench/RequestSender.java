package dev.inferyx.bench;

/** Sends one request and reports how it ended. Implementations must be thread-safe and must not throw for failures. */
@FunctionalInterface
public interface RequestSender extends AutoCloseable {
    Outcome send(String input) throws InterruptedException;

    /** Releases the sender's connections; nothing by default. */
    @Override
    default void close() {
    }
}
