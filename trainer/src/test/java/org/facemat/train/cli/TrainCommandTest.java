package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.facemat.cli.ExitCode;
import org.facemat.cli.Harness;
import org.facemat.testing.SharedData;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.synth.EvalSplit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facemat train}: a run killed with SIGKILL mid-way and continued with {@code --resume} gives the same loss
 * curve as a run that was never stopped (PyTorch on one thread, so that two runs are bit-comparable); bad configs
 * are refused with one line.
 */
class TrainCommandTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path split;

    @BeforeAll
    static void split() throws IOException {
        data = SharedData.require("data");
        split = tmp.resolve("split");
        try (SharedDataset ds = SharedDataset.open(data)) {
            EvalSplit.ensure(ds, split, 2, 48);
        }
    }

    private static Path config(String name) throws IOException {
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, "{\"stage\": \"teacher\", \"data\": \"" + data + "\", \"evalSplit\": \"" + split
                + "\", \"out\": \"" + tmp.resolve(name) + "\", \"size\": 32, \"seqLen\": 2, \"batch\": 1, "
                + "\"teacherSteps\": 6, \"checkpointEvery\": 2, \"validateEvery\": 3, \"validateCount\": 2}");
        return f;
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(Harness.javaCommand(args));
        // one PyTorch thread: the multi-threaded CPU backward is not bit-reproducible from run to run
        cmd.add(1, "-Dai.djl.pytorch.num_threads=1");
        cmd.add(1, "-Dai.djl.pytorch.num_interop_threads=1");
        return cmd;
    }

    /** Runs the command; when {@code killAt} is given, SIGKILLs it as soon as a line containing it is printed. */
    private static String run(List<String> cmd, String killAt) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        boolean killed = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
                if (killAt != null && line.contains(killAt)) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
                    killed = true;
                    break;
                }
            }
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "train did not end:\n" + out);
        System.out.print(out);
        if (killAt != null) {
            assertTrue(killed, "never printed " + killAt + ":\n" + out);
        } else {
            assertEquals(0, p.exitValue(), out.toString());
        }
        return out.toString();
    }

    private static List<Double> losses(Path stage) throws IOException {
        List<Double> l = new ArrayList<>();
        for (String line : Files.readAllLines(stage.resolve("metrics.jsonl"))) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("kind").getAsString().equals("step")) {
                assertEquals(l.size() + 1, o.get("step").getAsInt(), "steps in order, each once: " + line);
                l.add(o.get("loss").getAsDouble());
            }
        }
        return l;
    }

    @Test
    void killedRunResumesWithTheSameLossCurve() throws Exception {
        Path straight = config("straight");
        run(command("train", "--config", straight.toString()), null);
        Path killed = config("killed");
        run(command("train", "--config", killed.toString()), "teacher step 5/6");
        String resumed = run(command("train", "--config", killed.toString(), "--resume"), null);
        assertTrue(resumed.contains("resuming at step 4"), resumed);

        List<Double> a = losses(tmp.resolve("straight/teacher"));
        List<Double> b = losses(tmp.resolve("killed/teacher"));
        System.out.println("uninterrupted: " + a);
        System.out.println("killed+resumed: " + b);
        assertEquals(6, a.size());
        assertEquals(a, b);
        assertTrue(Files.isRegularFile(tmp.resolve("killed/teacher/final.onnx")));
        assertTrue(Files.isRegularFile(tmp.resolve("killed/teacher/loss-curve.png")));
    }

    @Test
    void badConfigIsOneLineAndExitThree() throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"data\": \"x\", \"bacth\": 2}");
        Harness.Result r = Harness.facemat("train", "--config", bad.toString());
        Harness.assertFailure(r, ExitCode.BAD_INPUT, bad.toString(), "unknown setting \"bacth\"");
        Harness.Result missing = Harness.facemat("train", "--config", tmp.resolve("none.json").toString());
        Harness.assertFailure(missing, ExitCode.BAD_INPUT, "none.json: config file not found");
    }

    @Test
    void aBadTrainingConfigIsBadInput(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("run.json");
        Files.writeString(config, "{\"data\": \"d\", \"batch\": \"two\"}");
        Harness.Result r = Harness.facemat("train", "--config", config.toString());
        assertEquals("facemat: " + config + ": \"batch\" must be a number, not \"two\"",
                Harness.assertFailure(r, ExitCode.BAD_INPUT, config.toString()));
    }
}
