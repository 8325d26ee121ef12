package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new InferyxCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void help_listsCommandsAndTheirOptions() {
        assertThat(help("--help")).contains("serve", "baseline");
        assertThat(help("serve", "--help")).contains("--config", "--port", "--host", "--allow-open");
        assertThat(help("baseline", "--help")).contains("--port");
    }

    @Test
    void help_everyCommandSummaryIsAWholeSentence() {
        // The command list shows only the first description line of each command.
        assertThat(help("--help")).containsPattern("baseline +Serve a bare HTTP echo to measure the pipeline's "
                + "overhead against\\.");
    }

    @Test
    void benchHelp_percentSignsPrintAsIs_withoutPicocliWarnings() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        String out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            out = help("bench", "--help");
        } finally {
            System.setErr(original);
        }
        assertThat(out.replaceAll("\\s+", " ")).contains("(70% repeated, 20% mutated, 10% unique)");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void serve_invalidConfig_exitsWith2NamingTheKeyAndValue(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "models: {sim: {max_batch_size: 0}}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new InferyxCommand()).execute("serve", "--config", bad.toString());
        } finally {
            System.setErr(original);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("models.sim.max_batch_size", "must be >= 1, was 0");
    }

    /** Runs {@code inferyx ...} as the launcher does, capturing stderr (and silencing the report on stdout). */
    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            int exit = new CommandLine(new InferyxCommand()).execute(args);
            return new Run(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
    }

    private static String[] bench(String url, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("bench", "--url", url, "--concurrency", "2",
                "--duration", "1s", "--warmup", "0s", "--timeout", "5s", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void bench_serverUnreachable_exits1SayingNothingWasMeasured_andStillWritesTheReport(@TempDir Path dir)
            throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        Run r = run(bench("http://127.0.0.1:" + closedPort, dir));

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("inferyx bench: FAILED: no request succeeded, so nothing was measured",
                "io_error", "is a server running at http://127.0.0.1:" + closedPort);
        assertThat(dir.resolve("report.json")).exists();
    }

    @Test
    void bench_someRequestsFail_exits0_unlessMoreFailThanMaxErrorRate(@TempDir Path dir) throws Exception {
        HttpServer halfFull = everyOtherRequestQueueFull();
        try {
            String url = "http://127.0.0.1:" + halfFull.getAddress().getPort();

            Run tolerated = run(bench(url, dir.resolve("default")));
            assertThat(tolerated.exit()).as(tolerated.err()).isZero();
            assertThat(tolerated.err()).doesNotContain("FAILED");

            Run strict = run(bench(url, dir.resolve("strict"), "--max-error-rate", "0.1"));
            assertThat(strict.exit()).as(strict.err()).isEqualTo(1);
            assertThat(strict.err()).containsPattern("FAILED: [0-9.]+% of requests failed \\(\\d+ of \\d+ failed: "
                    + "queue_full \\d+\\), above --max-error-rate 0.1");
        } finally {
            halfFull.stop(0);
        }
    }

    @Test
    void bench_maxErrorRateOutsideZeroToOne_exits2() {
        Run r = run("bench", "--max-error-rate", "5");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--max-error-rate must be a fraction in [0, 1], was 5.0");
    }

    /** Answers POST /infer alternately 200 done and 429 queue_full, as a server at its queue bound would. */
    private static HttpServer everyOtherRequestQueueFull() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicLong requests = new AtomicLong();
        server.createContext("/infer", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean full = requests.incrementAndGet() % 2 == 0;
            byte[] body = (full ? "{\"error\":{\"code\":\"queue_full\",\"message\":\"full\"}}"
                    : "{\"request_id\":\"r\",\"status\":\"done\",\"result\":\"ok\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(full ? 429 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }
}
