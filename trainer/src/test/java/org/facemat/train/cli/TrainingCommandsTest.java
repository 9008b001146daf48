package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemat.cli.CliRun;
import org.facemat.cli.ExitCode;
import org.facemat.cli.Main;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** With the trainer on the class path, its commands join {@code facemat} through the service entry. */
class TrainingCommandsTest {
    @Test
    void everyTrainingCommandIsInstalledAndListed() {
        CliRun help = CliRun.of("--help");
        assertEquals(ExitCode.OK, help.code(), help.err());
        for (String command : new String[] {"render", "farm", "model", "doctor", "train", "finetune", "eval", "export",
            "data", "unseen-split", "unseen-shot", "help"}) {
            assertTrue(help.out().contains("\n  " + command + " "), command + " listed:\n" + help.out());
            if (command.equals("help")) {
                continue;
            }
            CliRun r = CliRun.of(command, "--help");
            assertEquals(ExitCode.OK, r.code(), command + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: facemat " + command), r.out());
        }
    }

    /**
     * The training commands are named in three places that must agree: the command line's list (its message when the
     * trainer is missing), the trainer's command set, and the launchers (source tree and installed), which give those
     * commands and bench the trainer's class path.
     */
    @Test
    void theLaunchersAndTheCommandLineNameTheTrainersCommands() throws Exception {
        List<String> set = new ArrayList<>();
        for (Object c : new TrainingCommands().commands()) {
            set.add(c.getClass().getAnnotation(CommandLine.Command.class).name());
        }
        assertEquals(set.stream().sorted().toList(), Main.TRAINING_COMMANDS.stream().sorted().toList());
        List<String> withBench = new ArrayList<>(Main.TRAINING_COMMANDS);
        withBench.add("bench");
        Path home = Path.of(System.getProperty("facemat.home", ".."));
        for (Path launcher : List.of(home.resolve("facemat"), home.resolve("dist/facemat"))) {
            String line = Files.readAllLines(launcher).stream().filter(l -> l.trim().startsWith("train|"))
                    .findFirst().orElseThrow(() -> new AssertionError(launcher + ": no case for the training commands"));
            List<String> named = List.of(line.trim().substring(0, line.trim().indexOf(')')).split("\\|"));
            assertEquals(withBench.stream().sorted().toList(), named.stream().sorted().toList(), launcher.toString());
        }
    }
}
