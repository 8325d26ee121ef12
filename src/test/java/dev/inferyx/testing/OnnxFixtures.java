package dev.inferyx.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The committed ONNX fixtures ({@code src/test/resources/onnx}, made by {@code make_fixtures.py}). */
public final class OnnxFixtures {

    private OnnxFixtures() {
    }

    /** The file of fixture {@code name}, e.g. {@code "add_sub.onnx"}. */
    public static Path path(String name) {
        URL url = OnnxFixtures.class.getResource("/onnx/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no ONNX fixture " + name + " (run src/test/resources/onnx/"
                    + "make_fixtures.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
