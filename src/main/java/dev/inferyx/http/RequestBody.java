package dev.inferyx.http;

import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.RequestTooLargeException;
import dev.inferyx.core.UnsupportedMediaTypeException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Reads a JSON request body within a size limit, checking the content type first. */
final class RequestBody {

    private RequestBody() {
    }

    /**
     * The body bytes. 415 unless the content type is JSON, 413 when longer than {@code maxBytes} (checked on
     * the declared length first, then while reading, so a chunked body cannot exceed it either).
     */
    static byte[] readJson(ServerRequest req, long maxBytes) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!isJson(type)) {
            throw new UnsupportedMediaTypeException(type);
        }
        return read(req, maxBytes);
    }

    /**
     * The body bytes whatever the declared content type, 413 when longer than {@code maxBytes}: for the Open
     * Inference Protocol's routes, whose reference server reads every body as JSON (so {@code curl -d}, which
     * declares a form, works as in Triton's examples).
     */
    static byte[] read(ServerRequest req, long maxBytes) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw new RequestTooLargeException(maxBytes);
        }
        if (!req.content().hasEntity()) {
            throw new InvalidRequestException("malformed_json", "request body is empty; expected a JSON object");
        }
        try (InputStream in = req.content().inputStream()) {
            // With a declared length read exactly that (the common case, and far cheaper than a bounded read
            // of unknown length); a chunked body is read up to one byte past the limit to detect overflow.
            int want = declared >= 0 ? (int) declared : (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
            byte[] body = in.readNBytes(want);
            if (body.length > maxBytes) {
                throw new RequestTooLargeException(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("reading request body", e);
        }
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
