package dev.inferyx.model.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Settings the DJL tokenizer reads from system properties before it loads its native library: never go online,
 * and extract the library into a directory that can be written.
 */
final class TokenizerEnvironment {

    private TokenizerEnvironment() {
    }

    /**
     * Sets {@code ai.djl.offline=true} unless the operator set it, and, when neither {@code ENGINE_CACHE_DIR} nor
     * {@code DJL_CACHE_DIR} is set (property or environment) and {@code ~/.djl.ai} cannot be created, points
     * {@code ENGINE_CACHE_DIR} at a directory under {@code java.io.tmpdir}.
     */
    static synchronized void prepare() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (isSet("ENGINE_CACHE_DIR") || isSet("DJL_CACHE_DIR")) {
            return;
        }
        Path home = Path.of(System.getProperty("user.home", "/nonexistent"), ".djl.ai");
        if (writable(home)) {
            return;
        }
        Path fallback = Path.of(System.getProperty("java.io.tmpdir"),
                "inferyx-djl-" + System.getProperty("user.name", "user"));
        System.setProperty("ENGINE_CACHE_DIR", fallback.toString());
    }

    private static boolean isSet(String name) {
        String property = System.getProperty(name);
        String variable = System.getenv(name);
        return (property != null && !property.isBlank()) || (variable != null && !variable.isBlank());
    }

    private static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
