package dev.inferyx.app;

import java.util.logging.LogManager;

/** One-line log records on stderr, in the shape operators grep: time, level, logger, message. */
final class Logging {

    private Logging() {
    }

    /** Must run before anything touches java.util.logging (first thing in {@link Main}). */
    static void configure() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s - %5$s%6$s%n");
        }
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", DrainFriendlyLogManager.class.getName());
        }
    }

    /** Closes the log handlers the JDK's own shutdown hook left open, once our drain has finished logging. */
    static void finish() {
        if (LogManager.getLogManager() instanceof DrainFriendlyLogManager manager) {
            manager.resetNow();
        }
    }

    /**
     * The JDK resets logging in a shutdown hook of its own, which runs concurrently with ours: without this,
     * every line the drain logs after SIGTERM is silently lost.
     */
    public static final class DrainFriendlyLogManager extends LogManager {
        // The JDK's hook thread; shutdown hooks run in no set order, so we recognise the caller instead.
        private static final String JDK_CLEANER = LogManager.class.getName() + "$Cleaner";

        @Override
        public void reset() {
            if (!Thread.currentThread().getClass().getName().equals(JDK_CLEANER)) {
                super.reset();
            }
        }

        void resetNow() {
            super.reset();
        }
    }
}
