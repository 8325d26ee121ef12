package dev.inferyx.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routes one server serves, by path pattern ({@code /result/{id}}: a {@code {name}} segment matches any one
 * segment) and method, recorded as they are registered. It is what a wrong method is answered from (405 and
 * {@code Allow}), so that answer always agrees with what the server really serves — a worker's ops-only server or
 * a server without the admin API has no such paths, and answers 404 for them.
 *
 * <p>A path belongs to the most specific pattern that matches it: at the first segment where two differ, a literal
 * beats a parameter, so {@code /admin/dead-letters/replay} belongs to that route and not to
 * {@code /admin/dead-letters/{id}}. Filled while the routing is built, read concurrently after. Thread-safe.
 */
final class RouteTable {

    /** One path pattern and the methods served on it, in registration order. */
    record Route(String pattern, List<String> segments, Set<String> methods) {
        /** The {@code Allow} header's value. */
        String allow() {
            return String.join(", ", methods);
        }

        boolean matches(List<String> path) {
            if (path.size() != segments.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                if (!isParameter(segments.get(i)) && !segments.get(i).equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Map<String, Route> byPattern = new LinkedHashMap<>();

    /**
     * Records {@code method} on {@code pattern}.
     *
     * @throws IllegalStateException if a less specific route with the same method was registered before it: the
     *                               router tries routes in order, so this one would never be reached
     */
    synchronized void add(String method, String pattern) {
        List<String> segments = segments(pattern);
        String key = String.join("/", segments);
        for (Route earlier : byPattern.values()) {
            if (earlier.methods().contains(method) && !earlier.segments().equals(segments)
                    && earlier.matches(segments) && moreSpecific(segments, earlier.segments())) {
                throw new IllegalStateException(method + " " + pattern + " is registered after " + method + " "
                        + earlier.pattern() + ", which matches its paths first; register it before");
            }
        }
        byPattern.computeIfAbsent(key, k -> new Route(pattern, segments, new LinkedHashSet<>())).methods()
                .add(method);
    }

    /** The route {@code path} belongs to, if any: the most specific pattern that matches it. */
    synchronized Optional<Route> owner(String path) {
        List<String> segments = segments(path);
        Route best = null;
        for (Route route : byPattern.values()) {
            if (route.matches(segments) && (best == null || moreSpecific(route.segments(), best.segments()))) {
                best = route;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code path} belongs to another route than {@code pattern} (one more specific than it). */
    synchronized boolean ownedElsewhere(String path, String pattern) {
        return owner(path).filter(route -> !route.segments().equals(segments(pattern))).isPresent();
    }

    /** Whether {@code a} is more specific than {@code b} (same length): a literal where {@code b} first has a parameter. */
    private static boolean moreSpecific(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            boolean aParam = isParameter(a.get(i));
            boolean bParam = isParameter(b.get(i));
            if (aParam != bParam) {
                return bParam;
            }
        }
        return false;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    /** "/v2/models/{m}/" -> [v2, models, {m}]: one trailing slash names the same route, as Helidon routes it. */
    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(trimmed.split("/", -1)));
    }
}
