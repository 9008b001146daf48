package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} and {@code -h} on every command and subcommand print that command's usage and exit 0: every command
 * installed, so the trainer's test run (which extends this class) covers the training commands too.
 */
public class HelpOnEveryCommandTest {

    @Test
    public void everyCommandPrintsItsOwnUsage() {
        List<List<String>> paths = new ArrayList<>();
        walk(Main.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 12, "commands found: " + paths);
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRun r = CliRun.of(args.toArray(String[]::new));
                String what = "facemat " + String.join(" ", args);
                assertEquals(ExitCode.OK, r.code(), what + ": " + r.err());
                assertEquals("", r.err(), what);
                String usage = "Usage: " + String.join(" ", withRoot(path));
                String line = r.out().lines().filter(l -> l.startsWith("Usage: ")).findFirst().orElse("");
                assertTrue(line.equals(usage) || line.startsWith(usage + " "), what + " printed:\n" + r.out());
            }
        }
        System.out.println("--help and -h checked on " + paths.size() + " commands");
    }

    /** The required options of a command do not stand in the way of its help. */
    @Test
    public void helpWinsOverMissingRequiredOptions() {
        CliRun r = CliRun.of("render", "--help");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("--out"), r.out());
    }

    /** A usage error points at the help of the command it happened in, by its full name. */
    @Test
    public void aUsageErrorNamesTheFullCommand() {
        CliRun r = CliRun.of("farm", "export", "--no-such-option");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("Try 'facemat farm export --help'"), r.err());
    }

    private static List<String> withRoot(List<String> path) {
        List<String> l = new ArrayList<>();
        l.add("facemat");
        l.addAll(path);
        return l;
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (var e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            List<String> sub = new ArrayList<>(path);
            sub.add(e.getKey());
            walk(e.getValue(), sub, out);
        }
    }
}
