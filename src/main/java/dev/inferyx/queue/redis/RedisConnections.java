package dev.inferyx.queue.redis;

import dev.inferyx.core.UnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The Redis connections of one process: one shared, multiplexed connection for every non-blocking command (Lettuce
 * pipelines concurrent callers over it), a pool of dedicated connections for blocking reads (a {@code BLOCK}
 * call would stall everything else queued behind it on a shared connection), and one pub/sub connection.
 *
 * <p>Every command is bounded by {@link RedisConfig#commandTimeout()}; an unreachable Redis surfaces as
 * {@link UnavailableException} (code {@code backend_unavailable}) instead of a hang. Lettuce reconnects on its
 * own when Redis comes back. Thread-safe.
 */
final class RedisConnections implements AutoCloseable {

    private final RedisConfig config;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;
    private final ConcurrentLinkedQueue<StatefulRedisConnection<String, String>> idleBlocking =
            new ConcurrentLinkedQueue<>();
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    RedisConnections(RedisConfig config) {
        this.config = config;
        RedisURI uri = RedisURI.create(config.url());
        uri.setTimeout(config.commandTimeout());
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(config.commandTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                // While disconnected, fail commands at once instead of buffering them: callers see the outage.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            this.shared = client.connect();
        } catch (RedisException e) {
            client.shutdown();
            throw unavailable(e);
        }
    }

    RedisConfig config() {
        return config;
    }

    RedisCommands<String, String> sync() {
        return shared.sync();
    }

    /** Runs a script by SHA, loading it on first use and again after a Redis restart flushed the script cache. */
    List<Object> eval(String script, String... argv) {
        String sha = shas.computeIfAbsent(script, s -> sync().scriptLoad(s));
        try {
            return sync().evalsha(sha, ScriptOutputType.MULTI, new String[0], argv);
        } catch (RedisNoScriptException e) {
            shas.put(script, sync().scriptLoad(script));
            return sync().evalsha(shas.get(script), ScriptOutputType.MULTI, new String[0], argv);
        }
    }

    /**
     * Runs {@code script} with {@code prefix} as ARGV[1] and {@code args} after it, as the shared stores' scripts
     * (result cache, idempotency keys, flight leaders, breaker states) take them; an unreachable Redis becomes
     * {@link #unavailable}.
     */
    List<Object> evalUnder(String prefix, String script, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = prefix;
        System.arraycopy(args, 0, argv, 1, args.length);
        try {
            return eval(script, argv);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /** Like {@link #eval} for a script returning one integer. */
    long evalLong(String script, String... argv) {
        String sha = shas.computeIfAbsent(script, s -> sync().scriptLoad(s));
        try {
            return sync().<Long>evalsha(sha, ScriptOutputType.INTEGER, new String[0], argv);
        } catch (RedisNoScriptException e) {
            shas.put(script, sync().scriptLoad(script));
            return sync().<Long>evalsha(shas.get(script), ScriptOutputType.INTEGER, new String[0], argv);
        }
    }

    /** A connection for one blocking read; give it back with {@link #release}, or close it if it was interrupted. */
    StatefulRedisConnection<String, String> borrowBlocking() {
        StatefulRedisConnection<String, String> c = idleBlocking.poll();
        return c != null && c.isOpen() ? c : client.connect();
    }

    void release(StatefulRedisConnection<String, String> connection) {
        idleBlocking.add(connection);
    }

    StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub();
    }

    /** How long a blocking read may take in total: its BLOCK time plus one command timeout of slack. */
    Duration blockingSlack() {
        return config.commandTimeout();
    }

    /**
     * An outage (connection lost, timeout) as {@link UnavailableException}; an error Redis itself answered (a
     * script bug, a wrong type) as IllegalStateException, since retrying later would not help.
     */
    RuntimeException unavailable(RuntimeException cause) {
        if (cause instanceof io.lettuce.core.RedisCommandExecutionException) {
            return new IllegalStateException("redis rejected a command: " + cause.getMessage(), cause);
        }
        // The typed exception carries no cause (core's hierarchy is cause-free); the message keeps Lettuce's reason.
        return new UnavailableException("backend_unavailable",
                "the job store (Redis at " + config.redactedUrl() + ") is unreachable: " + cause.getMessage(),
                Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> c;
        while ((c = idleBlocking.poll()) != null) {
            c.close();
        }
        shared.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
