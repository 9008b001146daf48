package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facemat.cli.CliRun;
import org.facemat.cli.ExitCode;
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
}
