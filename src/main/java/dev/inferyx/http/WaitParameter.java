package dev.inferyx.http;

import dev.inferyx.core.DurationFormat;
import dev.inferyx.core.InvalidRequestException;
import java.time.Duration;
import java.util.Optional;

/**
 * Parses the {@code ?wait=} query parameter: any duration the config file accepts ({@link DurationFormat}:
 * {@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 1h}, ...), or a bare number of seconds, which clients sent
 * before the parameter shared the config's parser. At most {@code server.max_wait}.
 */
final class WaitParameter {

    private WaitParameter() {
    }

    static Duration parse(Optional<String> raw, Duration max) {
        if (raw.isEmpty() || raw.get().isEmpty()) {
            return Duration.ZERO;
        }
        String text = raw.get().strip();
        Duration wait;
        try {
            wait = DurationFormat.parse(text.matches("\\d+(\\.\\d+)?") ? text + "s" : text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_parameter",
                    "wait must be a duration like 10s, 500ms, 1.5s or 2m, was '" + raw.get() + "'");
        }
        if (wait.compareTo(max) > 0) {
            throw new InvalidRequestException("invalid_parameter",
                    "wait must be at most " + DurationFormat.format(max) + ", was '" + raw.get() + "'");
        }
        return wait;
    }
}
