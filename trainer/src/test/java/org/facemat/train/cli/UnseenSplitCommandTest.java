package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.cli.CliRun;
import org.facemat.cli.DefaultModel;
import org.facemat.cli.ExitCode;
import org.facemat.cli.Harness;
import org.facemat.testing.SharedData;
import org.facemat.train.data.Images;
import org.facemat.train.synth.EvalSplit;
import org.facemat.train.unseen.FaceLabeller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facemat data unseen-split} on the shared astronaut still (the one unseen picture always at hand) plus a
 * texture without a face: the layout {@code facemat eval} reads, the labels' sanity, the dropped list, bad inputs.
 */
class UnseenSplitCommandTest {
    private static final int SIZE = 128;
    private static final int VARIANTS = 2;

    @TempDir
    static Path shared;
    private static Path split;
    private static CliRun made;

    @BeforeAll
    static void make() throws Exception {
        Harness.home();
        Path data = SharedData.root().resolve("data");
        if (!Files.isDirectory(data)) {
            return; // each test skips with the reason
        }
        Path images = Files.createDirectories(shared.resolve("images"));
        Files.copy(data.resolve("faces/stills/images/astronaut.png"), images.resolve("astronaut.png"));
        Files.copy(data.resolve("textures/brick.png"), images.resolve("brick.png"));
        split = shared.resolve("split");
        made = CliRun.of("data", "unseen-split", "--images", images.toString(), "--data", data.toString(), "--out",
                split.toString(), "--size", String.valueOf(SIZE), "--variants", String.valueOf(VARIANTS));
    }

    private static JsonObject manifest() throws Exception {
        SharedData.require("data");
        assertEquals(ExitCode.OK, made.code(), made.err());
        return JsonParser.parseString(Files.readString(split.resolve("manifest.json"))).getAsJsonObject();
    }

    @Test
    void oneClearTwoOccludedAHandAndAHairSampleOfTheAstronautInTheEvalLayout() throws Exception {
        JsonObject m = manifest();
        assertEquals(1 + VARIANTS + 2, m.get("count").getAsInt(), "clear, objects, then a hand and hair");
        assertEquals(SIZE, m.get("size").getAsInt());
        EvalSplit.EvalSet set = EvalSplit.open(split); // the fixed split's reader accepts it
        JsonArray samples = m.getAsJsonArray("samples");
        for (int k = 0; k < set.count(); k++) {
            JsonObject s = samples.get(k).getAsJsonObject();
            assertEquals("unseen/astronaut#astronaut", s.get("source").getAsString());
            assertEquals(k > 0, set.occluded(k), "sample 0 clear, the others occluded");
            String kind = s.get("occluder_kind").getAsString();
            assertEquals(k == 0, "none".equals(kind), "occluder kind: " + s);
            if (k == 1 + VARIANTS) {
                assertEquals("hand", kind, "a hand after the object samples: " + s);
                assertTrue(s.get("occluder").getAsString().contains("hand:skin-patches"),
                        "painted from the patch sheet: " + s);
            } else if (k == 2 + VARIANTS) {
                assertEquals("hair", kind, "hair last: " + s);
            } else if (k > 0) {
                int occ = occluderIndex(s.get("occluder").getAsString());
                assertTrue(s.get("occluder").getAsString().startsWith("texture:") || EvalSplit.isEvalOccluder(occ),
                        "held-out occluders only: " + s);
            }
            float[] gt = set.gt(k);
            float[] skin = set.skin(k);
            double area = 0;
            for (int i = 0; i < gt.length; i++) {
                assertTrue(gt[i] <= skin[i] + 1e-6f, "gt <= skin at " + i);
                area += skin[i];
            }
            area /= gt.length;
            System.out.printf("sample %d: skin area %.3f of the crop, occluder %s%n", k, area, s.get("occluder"));
            // a face crop at scale 1.6-1.9: the oval is a quarter to a half of it
            assertTrue(area > 0.15 && area < 0.6, "skin area " + area);
        }
        assertTrue(Files.isRegularFile(split.resolve("contact_sheet.png")));
    }

    @Test
    void aPictureWithoutAFaceIsDroppedWithItsReason() throws Exception {
        JsonArray dropped = manifest().getAsJsonArray("dropped");
        assertEquals(1, dropped.size(), dropped.toString());
        assertEquals("brick.png", dropped.get(0).getAsJsonObject().get("file").getAsString());
        assertEquals("no face found", dropped.get(0).getAsJsonObject().get("reason").getAsString());
        assertTrue(made.out().contains("dropped brick.png: no face found"), made.out());
    }

    @Test
    void theSkinLabelLiesInsideThePersonMatteAndMatchesTheSharedLabel() throws Exception {
        Path dir = SharedData.require("data/faces/stills");
        var im = Images.read(dir.resolve("images/astronaut.png"));
        FaceLabeller.Labels l;
        try (FaceLabeller labeller = FaceLabeller.open(DefaultModel.folder(), DefaultModel.init())) {
            l = labeller.label(Images.readRgb(im), im.getHeight(), im.getWidth());
        }
        assertEquals(1, l.faces().size());
        float[] shared = Images.readGrey(dir.resolve("skin/astronaut.png"), im.getWidth(), im.getHeight());
        double inter = 0;
        double union = 0;
        for (int i = 0; i < shared.length; i++) {
            assertTrue(l.skin()[i] <= l.person()[i] + 1e-6f, "skin inside the person matte at " + i);
            boolean a = l.skin()[i] > 0.5f;
            boolean b = shared[i] > 0.5f;
            inter += a && b ? 1 : 0;
            union += a || b ? 1 : 0;
        }
        System.out.printf("astronaut: skin IoU with the shared label %.4f%n", inter / union);
        assertTrue(inter / union > 0.97, "IoU " + inter / union);
    }

    @Test
    void evalRunsOnTheSplitAndReportsTheIdentity() throws Exception {
        manifest();
        CliRun r = CliRun.of("eval", "--data", split.toString(), "--quiet");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("unseen/astronaut 5:"), r.out());
        assertTrue(r.out().contains("by occluder kind (band mse / full iou): ") && r.out().contains("hand 1:")
                && r.out().contains("hair 1:") && r.out().contains("none 1:"), r.out());
    }

    @Test
    void noImagesIsBadInputInOneLine(@TempDir Path dir) throws Exception {
        Path data = SharedData.require("data");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun r = CliRun.of("data", "unseen-split", "--images", empty.toString(), "--data", data.toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().trim().startsWith("facemat: [" + empty + "]: no .jpg"), r.err());
        assertTrue(r.clean(), r.err());
    }

    @Test
    void onlyPicturesWithoutFacesIsBadInput(@TempDir Path dir) throws Exception {
        Path data = SharedData.require("data");
        CliRun r = CliRun.of("data", "unseen-split", "--images", data.resolve("textures/grass.png").toString(),
                "--data", data.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertTrue(r.out().contains("dropped grass.png: no face found"), r.out());
        assertTrue(r.err().contains("no face labelled"), r.err());
        assertTrue(r.clean(), r.err());
    }

    @Test
    void anOutputOverTheInputsIsRefused() throws Exception {
        Path data = SharedData.require("data");
        Path images = shared.resolve("images");
        CliRun r = CliRun.of("data", "unseen-split", "--images", images.toString(), "--data", data.toString(), "--out",
                images.toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("refusing to write"), r.err());
        r = CliRun.of("data", "unseen-split", "--images", images.toString(), "--data", data.toString(), "--out",
                data.resolve("faces").toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(Files.isRegularFile(images.resolve("astronaut.png")));
    }

    @Test
    void badNumbersAreUsageErrors(@TempDir Path dir) {
        CliRun r = CliRun.of("data", "unseen-split", "--images", dir.toString(), "--data", dir.toString(), "--out",
                dir.resolve("o").toString(), "--size", "8");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.clean(), r.err());
    }

    /** The row of occluders/index.csv an occluder name is, or -1 for a texture. */
    private static int occluderIndex(String name) throws Exception {
        if (name.startsWith("texture:")) {
            return -1;
        }
        var lines = Files.readAllLines(SharedData.require("data/occluders/index.csv"));
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith(name + ",")) {
                return i - 1;
            }
        }
        throw new AssertionError(name + " not in occluders/index.csv");
    }
}
