package dev.inferyx.service;

/**
 * A token bucket's shape: {@code rate} tokens per second refill a bucket of {@code burst} tokens; each request
 * takes one. {@link #UNLIMITED} never refuses.
 *
 * @param rate  requests per second sustained; > 0 (infinite = unlimited)
 * @param burst requests allowed at once after an idle spell; >= 1
 */
public record RateLimit(double rate, int burst) {

    public static final RateLimit UNLIMITED = new RateLimit(Double.POSITIVE_INFINITY, Integer.MAX_VALUE);

    public RateLimit {
        if (Double.isNaN(rate) || rate <= 0) {
            throw new IllegalArgumentException("rate must be > 0 requests per second, was " + rate);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
    }

    public boolean isUnlimited() {
        return Double.isInfinite(rate);
    }
}
