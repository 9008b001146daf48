package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's own module carries no training engine: this test's class path is the command line's (core, media,
 * ONNX Runtime) with neither DJL, PyTorch nor the trainer on it, and render, farm, model and doctor all work there,
 * while a training command says the trainer is not installed.
 */
class RenderClassPathTest {
    @TempDir
    Path dir;

    @Test
    void noTrainingEngineOnTheClassPath() {
        for (String name : new String[] {"ai.djl.engine.Engine", "ai.djl.pytorch.engine.PtEngine",
            "org.facemat.train.cli.TrainingCommands"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " is on the class path");
        }
        String cp = System.getProperty("java.class.path");
        assertTrue(!cp.contains("pytorch") && !cp.contains("/ai/djl/") && !cp.contains("facemat-trainer"), cp);
    }

    @Test
    void renderFarmModelAndDoctorRunWithoutIt() throws Exception {
        Path out = dir.resolve("out");
        Harness.Result render = Harness.facemat("render", Harness.sample().toString(), "--frames", "0-2", "--out",
                out.resolve("shot").toString(), "--preset", "nuke-exr");
        assertEquals(ExitCode.OK, render.code(), render.toString());
        try (var s = Files.list(out)) {
            assertEquals(3, s.filter(p -> p.toString().endsWith(".exr")).count(), "three EXR frames written");
        }
        Harness.Result plan = Harness.facemat("farm", "plan", Harness.sample().toString(), "--chunk", "40");
        assertEquals(ExitCode.OK, plan.code(), plan.toString());
        Harness.Result info = Harness.facemat("model", "info", Harness.model().toString());
        assertEquals(ExitCode.OK, info.code(), info.toString());
        Harness.Result doctor = Harness.facemat("doctor");
        assertEquals(ExitCode.OK, doctor.code(), doctor.toString());
    }

    @Test
    void aTrainingCommandSaysTheTrainerIsNotInstalled() {
        for (String command : Main.TRAINING_COMMANDS) {
            Harness.Result r = Harness.facemat(command, "--help");
            assertEquals("facemat: " + command + " is a training command, and the trainer is not installed with this "
                    + "command line (see docs/training.md)", Harness.assertFailure(r, ExitCode.USAGE, command));
        }
    }
}
