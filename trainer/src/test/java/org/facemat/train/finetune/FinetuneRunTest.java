package org.facemat.train.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemat.model.FaceMatModel;
import org.facemat.net.weights.OnnxWeights;
import org.facemat.testing.SharedData;
import org.facemat.train.ShippedModelFiles;
import org.facemat.train.data.FaceSample;
import org.facemat.train.data.FaceSource;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.eval.FrameEvaluation;
import org.facemat.train.eval.SplitEvaluation;
import org.facemat.train.loop.StageRun;
import org.facemat.train.synth.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fine-tune path end to end on a short shot: cap13's first frames with their skin labels as roto mattes. */
class FinetuneRunTest {
    @TempDir
    Path tmp;

    static List<RotoFrame> frames(Path data, int first, int count) throws Exception {
        List<RotoFrame> out = new ArrayList<>();
        try (SharedDataset ds = SharedDataset.open(data)) {
            FaceSource clip = ds.clip("cap13");
            for (int i = first; i < first + count; i++) {
                FaceSample s = clip.read(i);
                out.add(new RotoFrame(i, s.width(), s.height(), s.rgb(), s.skin()));
            }
        }
        return out;
    }

    @Test
    void cropsAreSeededSquaresAroundTheMatte() throws Exception {
        List<RotoFrame> f = frames(SharedData.require("data"), 0, 2);
        RotoSamples a = new RotoSamples(f, 64, 3);
        Sample s1 = a.sample(7);
        Sample s2 = new RotoSamples(f, 64, 3).sample(7);
        assertEquals(1, s1.frames());
        assertEquals(64 * 64 * 3, s1.rgb()[0].length);
        assertTrue(java.util.Arrays.equals(s1.gt()[0], s2.gt()[0]) && java.util.Arrays.equals(s1.rgb()[0],
                s2.rgb()[0]), "sample i is the same every time");
        double mass = 0;
        for (float v : s1.gt()[0]) {
            mass += v;
        }
        double fraction = mass / (64 * 64);
        // the crop is 1.4x-2.4x the matte's box: the matte covers a sizeable part of it, not all of it
        assertTrue(fraction > 0.05 && fraction < 0.6, "matte fraction " + fraction);
    }

    @Test
    void finetunesOnRotoFramesAndReportsHeldOutMetricsBeforeAndAfter() throws Exception {
        Path data = SharedData.require("data");
        List<RotoFrame> train = frames(data, 0, 6);
        List<RotoFrame> heldOut = frames(data, 40, 2);
        Path out = tmp.resolve("ft");
        StringWriter log = new StringWriter();
        FinetuneRun run = new FinetuneRun(train, heldOut, ShippedModelFiles.init(), out,
                FinetuneRun.Settings.defaults().withSteps(4).withSize(64).withEvery(2), "cap13-test",
                new PrintWriter(log, true));
        FinetuneRun.Report r = run.run(false);
        System.out.print(log);
        System.out.printf("held out: band MSE %.5f -> %.5f, IoU %.4f -> %.4f%n", r.before().bandMse(),
                r.after().bandMse(), r.before().iou(), r.after().iou());

        // the report's numbers are those of the two models on the held-out frames
        try (FaceMatModel base = FaceMatModel.open(ShippedModelFiles.init()); FaceMatModel tuned = FaceMatModel.open(r.model())) {
            SplitEvaluation.Result b = FrameEvaluation.run(base, heldOut);
            SplitEvaluation.Result a = FrameEvaluation.run(tuned, heldOut);
            assertEquals(b.bandMse(), r.before().bandMse(), 1e-9);
            assertEquals(a.bandMse(), r.after().bandMse(), 1e-9);
            assertEquals("facemat-init-finetuned", tuned.metadata().get("facemat.model_name"));
            assertTrue(tuned.metadata().get("facemat.training_data").contains("6 roto'd frames of cap13-test"));
        }
        assertFalse(r.before().bandMse() == r.after().bandMse(), "the fine-tuned model is another model");
        assertTrue(r.after().bandMse() < r.before().bandMse(), "RVM's person matte is far from a skin matte");
        assertFalse(r.keptBase());
        assertEquals(out.resolve(StageRun.FINAL), r.model());
        assertFalse(java.util.Arrays.equals(OnnxWeights.read(ShippedModelFiles.init()).get("decoder.decode0.conv.0.weight").data(),
                OnnxWeights.read(r.model()).get("decoder.decode0.conv.0.weight").data()));
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("finetune-report.json")))
                .getAsJsonObject();
        assertEquals(6, report.get("train_frames").getAsInt());
        assertEquals(2, report.get("held_out_frames").getAsInt());
        assertEquals(r.after().iou(), report.getAsJsonObject("after").get("iou").getAsDouble(), 1e-6);
        assertTrue(Files.isRegularFile(out.resolve(StageRun.CURVE)));
    }

    @Test
    void aFinetuneThatLosesOnTheHeldOutFramesKeepsTheBase() throws Exception {
        Path data = SharedData.require("data");
        Path base = ShippedModelFiles.trained();
        Path out = tmp.resolve("ft-lost");
        StringWriter log = new StringWriter();
        // rates a thousand times the defaults: the trained model is thrown far off in four steps
        FinetuneRun.Settings wild = new FinetuneRun.Settings(4, 64, 2, 2e-2f, 5e-2f, 0.99f, 2, 1);
        FinetuneRun.Report r = new FinetuneRun(frames(data, 0, 6), frames(data, 40, 2), base, out, wild, "cap13-test",
                new PrintWriter(log, true)).run(false);
        System.out.print(log);
        assertTrue(r.after().bandMse() > r.before().bandMse(), log.toString());
        assertTrue(r.keptBase());
        assertEquals(base, r.model());
        assertEquals(r.before(), r.result());
        assertFalse(Files.exists(out.resolve(StageRun.FINAL)), "no final.onnx a user could take for the result");
        assertTrue(Files.isRegularFile(out.resolve(FinetuneRun.REJECTED)));
        assertTrue(log.toString().contains("keeping the base model " + base), log.toString());
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("finetune-report.json")))
                .getAsJsonObject();
        assertTrue(report.get("kept_base").getAsBoolean());
        assertEquals(base.toString(), report.get("model").getAsString());

        // a resumed run finds the same answer without training again
        StringWriter again = new StringWriter();
        FinetuneRun.Report r2 = new FinetuneRun(frames(data, 0, 6), frames(data, 40, 2), base, out, wild,
                "cap13-test", new PrintWriter(again, true)).run(true);
        assertTrue(r2.keptBase(), again.toString());
        assertEquals(r.after().bandMse(), r2.after().bandMse(), 1e-9);
    }
}
