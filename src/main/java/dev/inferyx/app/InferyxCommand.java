package dev.inferyx.app;

import picocli.CommandLine.Command;

/** The {@code inferyx} command; each way to run Inferyx is a subcommand. */
@Command(name = "inferyx",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "An inference server: HTTP gateway, bounded per-model queues, dynamic batching and "
                + "autoscaling worker pools.",
        subcommands = {ServeCommand.class, GatewayCommand.class, WorkerCommand.class, BaselineCommand.class,
                BenchCommand.class, picocli.CommandLine.HelpCommand.class})
final class InferyxCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
