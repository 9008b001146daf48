package org.facemat.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;
import org.facemat.farm.FarmRequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code facemat} command. */
@Command(name = "facemat", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Face mattes with an uncertainty pass for film and video post-production.",
        subcommands = {RenderCommand.class, FarmCommand.class, ModelCommand.class, BenchCommand.class,
            ReviewCommand.class, DoctorCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The commands the trainer adds ({@link CommandSet}); named here so their absence gets a clear message. */
    public static final List<String> TRAINING_COMMANDS =
            List.of("train", "finetune", "eval", "export", "data", "unseen-split", "unseen-shot");

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        if (args.length > 0 && TRAINING_COMMANDS.contains(args[0]) && !cl.getSubcommands().containsKey(args[0])) {
            err.println("facemat: " + args[0] + " is a training command, and the trainer is not installed with this "
                    + "command line (see docs/training.md)");
            err.flush();
            return ExitCode.USAGE;
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> t instanceof CliFailure f ? f.exitCode() : ExitCode.INTERNAL);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliFailure f) {
                commandLine.getErr().println("facemat: " + f.getMessage());
                return f.exitCode();
            }
            if (ex instanceof FarmRequestException f) {
                commandLine.getErr().println("facemat: " + f.getMessage());
                return ExitCode.USAGE;
            }
            ex.printStackTrace(commandLine.getErr());
            return ExitCode.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("facemat: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for more information.");
            return ExitCode.USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command line with every command installed: the core ones, those of any {@link CommandSet}, then help. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (CommandSet set : ServiceLoader.load(CommandSet.class)) {
            for (Object command : set.commands()) {
                cl.addSubcommand(command);
            }
        }
        cl.addSubcommand(new CommandLine.HelpCommand());
        addHelpOptions(cl);
        return cl;
    }

    /** {@code -h}/{@code --help} on every command and subcommand, so a user never has to know {@code facemat help}. */
    static void addHelpOptions(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        boolean has = spec.options().stream().anyMatch(CommandLine.Model.OptionSpec::usageHelp);
        if (!has && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            addHelpOptions(sub);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"facemat " + (v == null ? "(development build)" : v)};
        }
    }
}
