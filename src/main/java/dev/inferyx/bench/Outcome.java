package dev.inferyx.bench;

/**
 * How one benchmark request ended.
 *
 * @param status    HTTP status of the submit ({@code POST /infer}); 0 when no response arrived (I/O error, client
 *                  timeout, or dropped by the in-flight bound before it was sent)
 * @param errorCode {@code null} on success; otherwise the server's {@code error.code} (for an error response or a
 *                  job that ended {@code failed}/{@code expired}) or a client-side code: {@code io_error},
 *                  {@code client_timeout}, {@code dropped_in_flight_limit}, {@code http_<status>}
 */
public record Outcome(int status, String errorCode) {

    /** Client-side code for an open-loop arrival that found the in-flight bound full and was never sent. */
    public static final String DROPPED = "dropped_in_flight_limit";

    public static Outcome ok(int status) {
        return new Outcome(status, null);
    }

    public boolean isOk() {
        return errorCode == null;
    }
}
