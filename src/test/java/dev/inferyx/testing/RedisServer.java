package dev.inferyx.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private {@code redis-server} for one test (or one test JVM): its own free port on loopback and its own
 * temp directory, so tests never touch a shared Redis on 6379. Needs Debian's {@code redis-server} on the
 * PATH or in {@code /usr/bin}; without it, {@link #start} skips the calling test with a message saying how to
 * get it ({@code .ci/run} installs it on CI machines).
 *
 * <p>Not thread-safe; start and stop from the test's own thread.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private Process process;
    private final int port;
    private final Path dir;
    private final List<String> command;

    private RedisServer(Process process, int port, Path dir, List<String> command) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.command = command;
    }

    /** Starts a server with persistence off. Skips the test when no redis-server binary is installed. */
    public static RedisServer start() {
        return start(false);
    }

    /** Starts a server; with {@code appendOnly}, with an AOF fsynced every write so a restart loses nothing. */
    public static RedisServer start(boolean appendOnly) {
        String binary = binary();
        Assumptions.assumeTrue(binary != null,
                "redis-server is not installed: `apt-get install -y redis-server` (CI's .ci/run does it)");
        try {
            Path dir = Files.createTempDirectory("inferyx-redis-");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString(), "--daemonize", "no",
                    "--protected-mode", "yes", "--logfile", dir.resolve("redis.log").toString()));
            if (appendOnly) {
                command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
            } else {
                command.addAll(List.of("--appendonly", "no"));
            }
            RedisServer server = new RedisServer(launch(command, dir), port, dir, List.copyOf(command));
            server.awaitPing();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
    }

    private static Process launch(List<String> command, Path dir) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
    }

    /**
     * Starts the server again on the same port and directory after {@link #kill}: with AOF on, it reloads every
     * write it had acknowledged. Returns once it answers PING.
     */
    public void restart() {
        if (process.isAlive()) {
            kill();
        }
        try {
            process = launch(command, dir);
            awaitPing();
        } catch (IOException e) {
            throw new IllegalStateException("could not restart redis-server: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private void awaitPing() throws IOException {
        try {
            org.awaitility.Awaitility.await("redis-server on port " + port + " answering PING")
                    .atMost(STARTUP)
                    .pollInterval(Duration.ofMillis(20))
                    .until(this::answersPing);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IOException("redis-server on port " + port + " did not answer PING within " + STARTUP, e);
        } catch (java.io.UncheckedIOException exited) {
            throw exited.getCause();
        }
    }

    /** True once the server answers; false while it is still binding its port. */
    private boolean answersPing() {
        if (!process.isAlive()) {
            throw new java.io.UncheckedIOException(
                    new IOException("redis-server exited with " + process.exitValue() + "; see " + dir));
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = socket.getInputStream().readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notReadyYet) {
            return false;
        }
    }

    /** Kills the server like a crash would ({@code SIGKILL}): nothing is flushed that was not already. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        if (!waitFor()) {
            process.destroyForcibly();
            waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }

    private boolean waitFor() {
        try {
            return process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(d, "redis-server");
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
