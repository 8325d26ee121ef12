package dev.inferyx.metrics;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the current metrics in an exposition format, for {@code GET /metrics}. */
public interface MetricsExporter {

    /** The Content-Type of what {@link #write} produces. */
    String contentType();

    void write(OutputStream out) throws IOException;
}
