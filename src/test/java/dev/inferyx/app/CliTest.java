package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
