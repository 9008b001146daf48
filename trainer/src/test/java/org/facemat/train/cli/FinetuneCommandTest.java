package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.cli.ExitCode;
import org.facemat.cli.Harness;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facemat finetune} on a short studio shot made from the shared data: cap13 with skin labels as roto. */
class FinetuneCommandTest {
    @TempDir
    Path tmp;

    @Test
    void finetunesAShotAndReportsHeldOutFramesBeforeAndAfter() throws Exception {
        Path cap13 = SharedData.require("data/faces/cap13");
        Path mattes = Files.createDirectories(tmp.resolve("roto"));
        for (int f = 0; f < 40; f += 5) { // 8 roto'd frames: 6 to train on, 2 held out
            Files.copy(cap13.resolve(String.format("skin/%06d.png", f)), mattes.resolve(String.format(
                    "cap13_roto.%04d.png", f)));
        }
        Path out = tmp.resolve("ft");
        Harness.Result r = Harness.facemat("finetune", "--footage", cap13.resolve("cap13_edit2.mp4").toString(),
                "--mattes", mattes.toString(), "--out", out.toString(), "--steps", "2", "--size", "48",
                "--base", Harness.model().toString());
        System.out.print(r.out());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("8 roto'd frames (6 to train on, 2 held out)"), r.out());
        assertTrue(r.out().contains("held-out frames: band MSE"), r.out());
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("finetune-report.json")))
                .getAsJsonObject();
        assertEquals(6, report.get("train_frames").getAsInt());
        assertEquals(2, report.get("held_out_frames").getAsInt());
        JsonObject before = report.getAsJsonObject("before");
        JsonObject after = report.getAsJsonObject("after");
        for (JsonObject m : new JsonObject[] {before, after}) {
            double iou = m.get("iou").getAsDouble();
            double mse = m.get("band_mse").getAsDouble();
            assertTrue(iou > 0 && iou <= 1 && mse > 0 && mse < 1, m.toString());
        }
        // "after" is the best validation of the run, as its metrics log has it
        double best = Files.readAllLines(out.resolve("metrics.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("kind").getAsString().equals("validation"))
                .mapToDouble(o -> o.get("band_mse").getAsDouble()).min().orElseThrow();
        assertEquals(best, after.get("band_mse").getAsDouble(), 1e-5, "after = the best validated checkpoint");
        // the run never gives a model that is worse on the held-out frames than the one it started from
        boolean keptBase = report.get("kept_base").getAsBoolean();
        double beforeMse = before.get("band_mse").getAsDouble();
        assertEquals(keptBase, after.get("band_mse").getAsDouble() > beforeMse, report.toString());
        Path finetuned = out.resolve(keptBase ? "final-rejected.onnx" : "final.onnx");
        assertTrue(Files.isRegularFile(finetuned), finetuned.toString());
        assertEquals(!keptBase, Files.exists(out.resolve("final.onnx")), "final.onnx only when it is the result");
        Path given = Path.of(report.get("model").getAsString());
        assertEquals(keptBase ? Harness.model().toAbsolutePath().normalize() : out.resolve("final.onnx")
                .toAbsolutePath().normalize(), given.toAbsolutePath().normalize());
        if (keptBase) {
            assertTrue(r.out().contains("keeping the base model"), r.out());
        }
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(finetuned), Files.readAllBytes(Harness.model())),
                "the fine-tuned model is not the base");
        Harness.Result info = Harness.facemat("model", "info", finetuned.toString());
        assertEquals(0, info.code(), info.toString());
        String base = Harness.model().getFileName().toString().replace(".onnx", "");
        assertTrue(info.out().contains(base + "-finetuned"), info.out());
    }

    @Test
    void emptyMatteFolderIsOneLineExitThree() throws Exception {
        Path cap13 = SharedData.require("data/faces/cap13");
        Path empty = Files.createDirectories(tmp.resolve("none"));
        Harness.Result r = Harness.facemat("finetune", "--footage", cap13.resolve("cap13_edit2.mp4").toString(),
                "--mattes", empty.toString(), "--out", tmp.resolve("x").toString());
        Harness.assertFailure(r, ExitCode.BAD_INPUT, "cap13_edit2.mp4");
    }
}
