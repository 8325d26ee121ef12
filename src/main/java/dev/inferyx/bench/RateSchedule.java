package dev.inferyx.bench;

/**
 * Target arrival rate of an open-loop run as a function of time since the run started. Implementations are
 * immutable and thread-safe.
 */
public interface RateSchedule {

    /** Target rate in requests per second at {@code elapsedSeconds} (>= 0) into the run; always > 0. */
    double ratePerSecond(double elapsedSeconds);

    /** Human-readable description for the report, e.g. {@code "200.0 req/s"}. */
    String describe();

    /** A fixed rate. */
    static RateSchedule constant(double ratePerSecond) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of req/s, was " + ratePerSecond);
        }
        return new RateSchedule() {
            @Override
            public double ratePerSecond(double elapsedSeconds) {
                return ratePerSecond;
            }

            @Override
            public String describe() {
                return ratePerSecond + " req/s";
            }
        };
    }
}
