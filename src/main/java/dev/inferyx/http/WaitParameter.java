package dev.inferyx.http;

import dev.inferyx.core.InvalidRequestException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the {@code ?wait=} query parameter: {@code 10s}, {@code 500ms}, {@code 2m}, or bare seconds. */
final class WaitParameter {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private WaitParameter() {
    }

    static Duration parse(Optional<String> raw, Duration max) {
        if (raw.isEmpty() || raw.get().isEmpty()) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(raw.get().trim());
        if (!m.matches()) {
            throw new InvalidRequestException("invalid_parameter",
                    "wait must be a duration like 10s, 500ms or 2m, was '" + raw.get() + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration wait = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (wait.compareTo(max) > 0) {
            throw new InvalidRequestException("invalid_parameter",
                    "wait must be at most " + max.toSeconds() + "s, was '" + raw.get() + "'");
        }
        return wait;
    }
}
