package dev.inferyx.app;

import picocli.CommandLine;

/** Entry point: {@code inferyx <command>}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure();
        int exit = new CommandLine(new InferyxCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
