package dev.inferyx.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An external command-line tool (promtool, prometheus, docker-compose) found on the PATH, and its runs. */
record Tool(Path path) {

    /** What one run printed and how it ended. */
    record Run(int exitCode, String output) {
    }

    /** The tool on the PATH (or in /usr/bin), or empty when it is not installed. */
    static Optional<Tool> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).findFirst().map(Tool::new);
    }

    /** The tool, or a skipped test saying how to install it (only when it is genuinely absent). */
    static Tool require(String name, String debianPackage) {
        Optional<Tool> tool = find(name);
        assumeTrue(tool.isPresent(), () -> name + " is not installed, so this check is skipped; install it with "
                + "`apt-get install " + debianPackage + "` (.ci/run does)");
        return tool.orElseThrow();
    }

    Run run(Duration timeout, String... args) {
        return run(timeout, null, Map.of(), args);
    }

    /** Runs the tool with {@code stdin} (may be null) and extra environment; output is stdout and stderr merged. */
    Run run(Duration timeout, String stdin, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(path.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("inferyx-tool", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (stdin != null) {
                    try (var in = process.getOutputStream()) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    process.getOutputStream().close();
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command + " did not finish within " + timeout + ": "
                            + Files.readString(out));
                }
                return new Run(process.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }
}
