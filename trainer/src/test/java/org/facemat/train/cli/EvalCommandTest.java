package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.cli.CliRun;
import org.facemat.cli.ExitCode;
import org.facemat.metrics.MatteMetrics;
import org.facemat.testing.SharedData;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.synth.EvalSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    private static final int COUNT = 8;
    private static final int SIZE = 128;

    @TempDir
    static Path shared;

    /** A small split, made once for the class. */
    private static Path split;

    private static synchronized Path split() throws Exception {
        if (split == null) {
            Path data = SharedData.require("data");
            Path dir = shared.resolve("split");
            try (SharedDataset ds = SharedDataset.open(data)) {
                EvalSplit.ensure(ds, dir, COUNT, SIZE);
            }
            split = dir;
        }
        return split;
    }

    private static JsonObject read(Path json) throws Exception {
        return JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    }

    @Test
    void defaultModelOnASmallSplitPrintsTheTableAndWritesEveryMetric(@TempDir Path dir) throws Exception {
        Path data = SharedData.require("data");
        split();
        Path out = dir.resolve("metrics.json");
        CliRun r = CliRun.of("eval", "--data", data.toString(), "--split-dir", split.toString(), "--count",
                String.valueOf(COUNT), "--size", String.valueOf(SIZE), "--out", out.toString(), "--sheet",
                dir.resolve("sheet.png").toString(), "--sheet-rows", "3");
        assertEquals(ExitCode.OK, r.code(), r.err());
        java.awt.image.BufferedImage sheet = javax.imageio.ImageIO.read(dir.resolve("sheet.png").toFile());
        assertEquals(5 * SIZE, sheet.getWidth(), "composite, ground truth, alpha, uncertainty, error");
        assertEquals(Math.min(3, COUNT) * SIZE, sheet.getHeight());
        assertTrue(r.out().contains("unknown band"), r.out());
        assertTrue(r.out().contains("whole image"), r.out());
        assertTrue(r.out().contains("ause"), r.out());
        assertTrue(Files.isRegularFile(out));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> org.facemat.io.AtomicFile.finalNameOf(f.getFileName().toString())
                    .isPresent()), "no temporary file left");
        }
        JsonObject j = read(out);
        assertEquals("model", j.get("what").getAsString());
        assertEquals(COUNT, j.get("count").getAsInt());
        assertEquals(SIZE, j.get("size").getAsInt());
        assertEquals(COUNT, j.getAsJsonArray("samples").size());
        for (String part : new String[] {"band", "full"}) {
            JsonObject m = j.getAsJsonObject("mean").getAsJsonObject(part);
            assertEquals(COUNT, m.get("frames").getAsInt());
            for (String name : MatteMetrics.names()) {
                assertTrue(m.has(name), part + " " + name);
                if (name.equals("dtssd")) {
                    assertTrue(m.get(name).isJsonNull(), "single frames have no dtSSD");
                    continue;
                }
                double v = m.get(name).getAsDouble();
                assertTrue(Double.isFinite(v), part + " " + name + " = " + v);
            }
            double iou = m.get("iou").getAsDouble();
            assertTrue(iou >= 0 && iou <= 1, "iou " + iou);
        }
    }

    @Test
    void skinLabelBaselineIsExactWithoutAnOccluderAndWrongWithOne(@TempDir Path dir) throws Exception {
        Path folder = split();
        Path out = dir.resolve("skin.json");
        CliRun r = CliRun.of("eval", "--data", folder.toString(), "--baseline", "skin-label", "--out",
                out.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        JsonObject j = read(out);
        assertEquals("skin-label", j.get("baseline").getAsString());
        int occluded = 0;
        int clear = 0;
        for (JsonElement e : j.getAsJsonArray("samples")) {
            JsonObject s = e.getAsJsonObject();
            JsonObject band = s.getAsJsonObject("band");
            JsonObject full = s.getAsJsonObject("full");
            double iou = full.get("iou").getAsDouble();
            if (s.get("occluder").isJsonNull()) {
                clear++;
                // the metric plumbing: the prediction is the ground truth, so every error is 0
                assertEquals(1.0, iou, 1e-9, s.toString());
                assertEquals(0.0, band.get("mse").getAsDouble(), 0.0, s.toString());
                assertEquals(0.0, full.get("mse_full").getAsDouble(), 0.0, s.toString());
                assertEquals(0.0, band.get("sad").getAsDouble(), 0.0, s.toString());
            } else {
                occluded++;
                assertTrue(iou < 1.0, s.toString());
                assertTrue(band.get("mse").getAsDouble() > 0, s.toString());
            }
            // no uncertainty plane for a baseline
            assertTrue(band.get("spearman").isJsonNull());
        }
        assertTrue(occluded > 0 && clear > 0, "the split should have both kinds: " + occluded + "/" + clear);
        assertEquals(0.0, j.getAsJsonObject("unoccluded").getAsJsonObject("full").get("mse").getAsDouble(), 0.0);
        JsonObject occ = j.getAsJsonObject("occluded").getAsJsonObject("full");
        assertNotNull(occ);
        assertTrue(occ.get("iou").getAsDouble() < 1.0);
    }

    @Test
    void landmarkOvalBaselineIsTheFacePathsOvalsAndKnowsNothingOfOccluders(@TempDir Path dir) throws Exception {
        Path folder = split();
        Path oval = dir.resolve("oval.json");
        Path skin = dir.resolve("skin.json");
        CliRun r = CliRun.of("eval", "--data", folder.toString(), "--baseline", "landmark-oval",
                "--out", oval.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(ExitCode.OK, CliRun.of("eval", "--data", folder.toString(), "--baseline", "skin-label",
                "--out", skin.toString()).code());
        JsonObject o = read(oval);
        assertEquals("landmark-oval", o.get("baseline").getAsString());
        double clearIou = o.getAsJsonObject("unoccluded").getAsJsonObject("full").get("iou").getAsDouble();
        double occIou = o.getAsJsonObject("occluded").getAsJsonObject("full").get("iou").getAsDouble();
        // the labels are the mesh's oval times the person matte: on a clear face the oval is nearly the label, but
        // not exactly (another detector, another crop, its own feather); an occluder is inside the oval
        assertTrue(clearIou > 0.8 && clearIou < 1.0, "clear IoU " + clearIou);
        assertTrue(occIou < clearIou, "occluded " + occIou + " vs clear " + clearIou);
        double skinBand = read(skin).getAsJsonObject("mean").getAsJsonObject("band").get("mse").getAsDouble();
        double ovalBand = o.getAsJsonObject("mean").getAsJsonObject("band").get("mse").getAsDouble();
        assertNotEquals(skinBand, ovalBand, "the oval baseline is not the skin label");
        for (JsonElement e : o.getAsJsonArray("samples")) {
            assertTrue(e.getAsJsonObject().getAsJsonObject("band").get("spearman").isJsonNull(), "no uncertainty");
        }
    }

    @Test
    void identitiesMeasureOnlyThosePeople(@TempDir Path dir) throws Exception {
        Path folder = split();
        Path all = dir.resolve("all.json");
        Path some = dir.resolve("some.json");
        assertEquals(ExitCode.OK, CliRun.of("eval", "--data", folder.toString(), "--baseline", "skin-label",
                "--out", all.toString()).code());
        JsonObject a = read(all);
        String who = EvalCommand.identity(a.getAsJsonArray("samples").get(0).getAsJsonObject().get("source")
                .getAsString());
        long expected = 0;
        for (JsonElement e : a.getAsJsonArray("samples")) {
            expected += who.equals(EvalCommand.identity(e.getAsJsonObject().get("source").getAsString())) ? 1 : 0;
        }
        assertTrue(expected < a.getAsJsonArray("samples").size(), "the split holds other people too");
        CliRun r = CliRun.of("eval", "--data", folder.toString(), "--baseline", "skin-label", "--identities", who,
                "--out", some.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        JsonObject o = read(some);
        assertEquals(expected, o.get("count").getAsLong());
        assertEquals(expected, o.getAsJsonArray("samples").size());
        for (JsonElement e : o.getAsJsonArray("samples")) {
            assertEquals(who, EvalCommand.identity(e.getAsJsonObject().get("source").getAsString()));
        }
        CliRun none = CliRun.of("eval", "--data", folder.toString(), "--baseline", "skin-label", "--identities",
                "nobody");
        assertEquals(ExitCode.USAGE, none.code());
        assertTrue(none.err().contains("--identities nobody: no such person"), none.err());
    }

    @Test
    void theFacePathDrawsASheetOfTheWorstSamples(@TempDir Path dir) throws Exception {
        Path folder = split();
        Path png = dir.resolve("worst.png");
        Path json = dir.resolve("m.json");
        CliRun r = CliRun.of("eval", "--data", folder.toString(), "--faces", "auto", "--sheet", png.toString(),
                "--sheet-worst", "--sheet-rows", "2", "--out", json.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        java.awt.image.BufferedImage im = javax.imageio.ImageIO.read(png.toFile());
        int size = read(json).get("size").getAsInt();
        assertEquals(2 * size, im.getHeight(), "two rows");
        assertEquals(5 * size, im.getWidth());
        // the worst sample's error column is not black
        double sum = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 4 * size; x < 5 * size; x++) {
                sum += im.getRGB(x, y) & 0xff;
            }
        }
        assertTrue(sum > 0, "the error of the worst sample shows");
    }

    @Test
    void aFolderThatIsNeitherASplitNorTheSharedDataFailsInOneLine(@TempDir Path dir) {
        CliRun r = CliRun.of("eval", "--data", dir.toString(), "--baseline", "skin-label");
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertEquals("facemat: " + dir + ": neither an eval split folder (manifest.json) nor the shared data "
                + "folder (faces/)", r.err().trim());
        assertTrue(r.clean(), r.err());
    }

    @Test
    void aMissingModelIsAModelError(@TempDir Path dir) {
        Path missing = dir.resolve("none.onnx");
        CliRun r = CliRun.of("eval", "--data", dir.toString(), "--model", missing.toString());
        assertEquals(ExitCode.MODEL_ERROR, r.code(), r.err());
        assertEquals("facemat: " + missing + ": model file not found", r.err().trim());
        assertTrue(r.clean(), r.err());
    }

    @Test
    void usageErrors(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("eval", "--data", dir.toString(), "--baseline", "oracle");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--baseline oracle: unknown"), r.err());
        r = CliRun.of("eval", "--data", dir.toString(), "--baseline", "skin-label", "--model", "m.onnx");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        Path folder = split();
        r = CliRun.of("eval", "--data", folder.toString(), "--baseline", "skin-label", "--size", "64");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("not --size 64"), r.err());
        assertTrue(r.clean(), r.err());
    }

    @Test
    void aSplitFolderWithAMissingSampleIsBadInput(@TempDir Path dir) throws Exception {
        Path folder = split();
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        try (var s = Files.list(folder)) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        Files.delete(copy.resolve("0003_skin.png"));
        CliRun r = CliRun.of("eval", "--data", copy.toString(), "--baseline", "skin-label");
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertEquals("facemat: " + copy + ": eval sample 3 is incomplete", r.err().trim());
    }
}
