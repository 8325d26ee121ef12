package dev.inferyx.service;

import java.util.Map;
import java.util.Objects;

/**
 * Rate limits by owner (an API key's name, or {@code anonymous} on an open server).
 *
 * @param byDefault for every owner without its own entry
 * @param perOwner  owners with their own limit
 */
public record RateLimits(RateLimit byDefault, Map<String, RateLimit> perOwner) {

    public static final RateLimits UNLIMITED = new RateLimits(RateLimit.UNLIMITED, Map.of());

    public RateLimits {
        Objects.requireNonNull(byDefault, "rate");
        perOwner = Map.copyOf(perOwner);
    }

    public RateLimit of(String owner) {
        return perOwner.getOrDefault(owner, byDefault);
    }
}
