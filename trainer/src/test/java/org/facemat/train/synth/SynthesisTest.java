package org.facemat.train.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.facemat.testing.SharedData;
import org.facemat.train.data.FaceClip;
import org.facemat.train.data.SharedDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthesisTest {
    static final int SIZE = 96;
    static SharedDataset ds;

    @BeforeAll
    static void open() throws IOException {
        ds = SharedDataset.open(SharedData.require("data"));
    }

    @AfterAll
    static void close() {
        if (ds != null) {
            ds.close();
        }
    }

    static Synthesizer synth(long seed) {
        return EvalSplit.trainingSynthesizer(ds, SynthConfig.training(SIZE), seed);
    }

    /** The training recipe with the object occluders only (no hands, hair or glasses over them). */
    static Synthesizer objectsOnly(long seed) {
        SynthConfig c = SynthConfig.training(SIZE);
        return EvalSplit.trainingSynthesizer(ds, c.withKinds(c.occlusionProb(), 0, 0, 0, 0), seed);
    }

    /** The first {@code n} occluded sample indices from {@code from}. */
    static List<Long> occluded(Synthesizer s, long from, int n) {
        List<Long> out = new ArrayList<>();
        for (long i = from; out.size() < n; i++) {
            if (s.isOccluded(i)) {
                out.add(i);
            }
        }
        return out;
    }

    static void assertSameSample(Sample a, Sample b) {
        assertEquals(a.source(), b.source());
        assertEquals(a.occluder(), b.occluder());
        for (int t = 0; t < a.frames(); t++) {
            assertArrayEquals(a.rgb()[t], b.rgb()[t]);
            assertArrayEquals(a.gt()[t], b.gt()[t]);
            assertArrayEquals(a.trimap()[t], b.trimap()[t]);
            assertArrayEquals(a.occluderAlpha()[t], b.occluderAlpha()[t]);
        }
    }

    @Test
    void sameSeedGivesIdenticalArraysAndAnotherSeedDoesNot() throws IOException {
        long i = occluded(synth(7), 0, 1).get(0);
        Sample a = synth(7).sample(i);
        Sample b = synth(7).sample(i);
        assertSameSample(a, b);
        Sample c = synth(8).sample(i);
        assertFalse(Arrays.equals(a.rgb()[0], c.rgb()[0]), "another seed gives another composite");
        Sample d = synth(7).sample(i + 1);
        assertFalse(Arrays.equals(a.rgb()[0], d.rgb()[0]), "another index gives another composite");
    }

    @Test
    void groundTruthIsSkinTimesOneMinusOccluderAlphaAndTheAreaFollowsTheRecipe() throws IOException {
        Synthesizer s = objectsOnly(11);
        int checkedArea = 0;
        for (long i : occluded(s, 0, 12)) {
            Sample smp = s.sample(i);
            assertTrue(smp.occluded());
            boolean touchesBorder = false;
            for (int t = 0; t < smp.frames(); t++) {
                float[] a = smp.occluderAlpha()[t];
                float[] skin = smp.skin()[t];
                float[] gt = smp.gt()[t];
                for (int k = 0; k < gt.length; k++) {
                    assertEquals(skin[k] * (1f - a[k]), gt[k], 0f, "gt at pixel " + k + " of sample " + i);
                }
            }
            float[] a0 = smp.occluderAlpha()[0];
            double mass = 0;
            double underOcc = 0;
            int opaque = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    float v = a0[y * SIZE + x];
                    mass += v;
                    if ((x == 0 || y == 0 || x == SIZE - 1 || y == SIZE - 1) && v > 0.001f) {
                        touchesBorder = true;
                    }
                    if (v > 0.999f) {
                        underOcc += smp.gt()[0][y * SIZE + x];
                        opaque++;
                    }
                }
            }
            assertTrue(mass > 0, "an occluder is visible in sample " + i);
            if (opaque > 0) {
                assertTrue(underOcc / opaque < 0.002, "gt is ~0 under the opaque occluder");
            }
            double frac = mass / smp.skinBoxArea();
            assertTrue(smp.targetAreaFraction() >= 0.3 && smp.targetAreaFraction() <= 0.7);
            if (touchesBorder) {
                assertTrue(frac <= 0.7 * 1.05, "clipped occluder cannot be larger: " + frac);
            } else if (!smp.areaCapped()) {
                checkedArea++;
                assertTrue(frac >= 0.3 * 0.93 && frac <= 0.7 * 1.07,
                        "occluder area / skin box area " + frac + " of sample " + i);
                assertEquals(smp.targetAreaFraction(), frac, 0.05 * smp.targetAreaFraction() + 0.01, "sample " + i);
            }
        }
        assertTrue(checkedArea >= 3, "enough unclipped occluders to check the area: " + checkedArea);
    }

    @Test
    void aSemiTransparentOccluderKeepsItsSoftAlpha() throws IOException {
        Synthesizer s = objectsOnly(21);
        int smoke = ds.occluders().entries().stream().filter(e -> e.file().equals("brushes/smoke.png")).findFirst()
                .orElseThrow().index();
        long found = -1;
        for (long i = 0; i < 400_000 && found < 0; i++) {
            Synthesizer.Plan p = s.plan(i);
            if (p.occluded() && !p.texture() && p.occ() == smoke) {
                found = i;
            }
        }
        assertTrue(found >= 0, "a sample with the smoke brush tip");
        Sample smp = s.sample(found);
        assertEquals("brushes/smoke.png", smp.occluder());
        float max = 0;
        int soft = 0;
        int support = 0;
        for (int k = 0; k < smp.occluderAlpha()[0].length; k++) {
            float a = smp.occluderAlpha()[0][k];
            max = Math.max(max, a);
            if (a > 0.02f) {
                support++;
                soft += a < 0.95f ? 1 : 0;
                if (smp.skin()[0][k] == 1f) {
                    assertTrue(smp.gt()[0][k] > 0.3f, "skin shows through the smoke");
                }
            }
        }
        // smoke.png reaches alpha 173/255 at most: never made opaque
        assertTrue(max > 0.3f && max <= 173 / 255f + 1e-3f, "max alpha " + max);
        assertEquals(support, soft);
    }

    @Test
    void aboutAQuarterOfTheSamplesAreOccluded() {
        Synthesizer s = objectsOnly(3);
        int n = 400;
        int occ = 0;
        for (long i = 0; i < n; i++) {
            occ += s.isOccluded(i) ? 1 : 0;
        }
        // binomial(400, 0.25): mean 100, sd 8.7; +-3.5 sd
        assertTrue(occ >= 70 && occ <= 130, "occluded " + occ + " of " + n);
    }

    @Test
    void sequenceFramesDifferBySmallDrifts() throws IOException {
        Synthesizer s = synth(5);
        int seen = 0;
        for (long i : occluded(s, 0, 40)) {
            Sample smp = s.sample(i);
            if (!smp.source().startsWith("cap13") && !smp.source().startsWith("franck")) {
                continue;
            }
            seen++;
            assertEquals(4, smp.frames());
            double[] c0 = centroid(smp.occluderAlpha()[0]);
            for (int t = 1; t < 4; t++) {
                assertFalse(Arrays.equals(smp.rgb()[t - 1], smp.rgb()[t]), "frame " + t + " differs");
                double diff = 0;
                for (int k = 0; k < smp.rgb()[t].length; k++) {
                    diff += Math.abs(smp.rgb()[t][k] - smp.rgb()[t - 1][k]);
                }
                diff /= smp.rgb()[t].length;
                assertTrue(diff < 0.15, "mean frame difference " + diff + " is small");
                double[] c = centroid(smp.occluderAlpha()[t]);
                if (!Double.isNaN(c[0]) && !Double.isNaN(c0[0])) {
                    assertTrue(Math.hypot(c[0] - c0[0], c[1] - c0[1]) < 0.15 * SIZE, "occluder drifts a little");
                }
            }
            if (seen == 3) {
                break;
            }
        }
        assertTrue(seen > 0, "a clip sample was drawn");
    }

    static double[] centroid(float[] a) {
        double m = 0;
        double x = 0;
        double y = 0;
        for (int k = 0; k < a.length; k++) {
            m += a[k];
            x += a[k] * (k % SIZE);
            y += a[k] * (k / SIZE);
        }
        return new double[] {x / m, y / m};
    }

    @Test
    void evalSplitIsReproducibleAndDisjointFromTraining(@TempDir Path tmp) throws IOException {
        SynthPool train = EvalSplit.trainingPool(ds, 4);
        SynthPool eval = EvalSplit.evalPool(ds, 1);
        for (int o : train.occluders()) {
            assertFalse(EvalSplit.isEvalOccluder(o));
            assertTrue(Arrays.stream(eval.occluders()).noneMatch(e -> e == o));
        }
        for (int o : train.textures()) {
            assertTrue(Arrays.stream(eval.textures()).noneMatch(e -> e == o));
        }
        assertEquals(78, eval.occluders().length);
        for (SynthPool.Faces f : train.faces()) {
            if (f.source() instanceof FaceClip c && c.name().equals("cap13")) {
                assertEquals(596, Arrays.stream(f.starts()).max().orElseThrow(), "last training start of cap13");
            }
            for (int st : f.starts()) {
                int last = f.source().isClip() ? st + 3 : st;
                assertFalse(EvalSplit.isEvalItem(f.source(), last), f.source().name() + " " + st);
            }
        }
        for (SynthPool.Faces f : eval.faces()) {
            for (int st : f.starts()) {
                assertTrue(EvalSplit.isEvalItem(f.source(), st));
            }
        }
        Path dir = tmp.resolve("split/eval");
        EvalSplit.EvalSet a = EvalSplit.ensure(ds, dir, 6, 64);
        assertFalse(a.reused());
        byte[] rgb3 = Files.readAllBytes(a.rgbFile(3));
        EvalSplit.EvalSet b = EvalSplit.ensure(ds, dir, 6, 64);
        assertTrue(b.reused());
        Path dir2 = tmp.resolve("again");
        EvalSplit.EvalSet c = EvalSplit.ensure(ds, dir2, 6, 64);
        assertFalse(c.reused());
        for (int k = 0; k < 6; k++) {
            assertArrayEquals(Files.readAllBytes(a.gtFile(k)), Files.readAllBytes(c.gtFile(k)));
            assertArrayEquals(Files.readAllBytes(a.rgbFile(k)), Files.readAllBytes(c.rgbFile(k)));
        }
        assertArrayEquals(rgb3, Files.readAllBytes(b.rgbFile(3)));
        assertTrue(Files.isRegularFile(dir.resolve("manifest.json")));
        assertEquals(EvalSplit.LAYOUT, a.manifest().get("layout").getAsString());
        // the skin mask is the ground truth before the occluder: equal where none was pasted, never below it
        for (int k = 0; k < 6; k++) {
            float[] skin = a.skin(k);
            float[] gt = a.gt(k);
            for (int i = 0; i < gt.length; i++) {
                assertTrue(skin[i] >= gt[i] - 1e-6f, "sample " + k + " pixel " + i);
                if (!a.occluded(k)) {
                    assertEquals(gt[i], skin[i], 0f, "sample " + k + " pixel " + i);
                }
            }
        }
        // the folder reads back from its manifest alone
        EvalSplit.EvalSet opened = EvalSplit.open(dir);
        assertEquals(6, opened.count());
        assertEquals(64, opened.size());
        // a folder of the older layout (no skin files, no layout key) is made again
        JsonObject old = a.manifest().deepCopy();
        old.remove("layout");
        Files.writeString(dir.resolve("manifest.json"), old.toString());
        assertThrows(IOException.class, () -> EvalSplit.open(dir));
        assertFalse(EvalSplit.ensure(ds, dir, 6, 64).reused());
        for (var s : a.manifest().getAsJsonArray("samples")) {
            String src = s.getAsJsonObject().get("source").getAsString();
            assertTrue(src.startsWith("stills/astronaut") || src.matches("cap13#0*(6\\d\\d|7\\d\\d).*")
                    || src.matches("franck#0*(4[3-7]\\d\\d).*"), src);
        }
        // another size is another set: regenerated
        assertFalse(EvalSplit.ensure(ds, dir, 6, 48).reused());
    }

    @Test
    void workersMakeTheSameSamplesAndReportThroughput() throws Exception {
        Synthesizer s = EvalSplit.trainingSynthesizer(ds, SynthConfig.training(256), 99);
        for (int workers = 1; workers <= 2; workers++) {
            int n = 8;
            try (SynthLoader loader = new SynthLoader(s, 0, workers, 4)) {
                loader.take(); // warm-up
                long t0 = System.nanoTime();
                for (int k = 0; k < n; k++) {
                    Sample smp = loader.take();
                    if (k == 0 && workers == 2) {
                        assertSameSample(s.sample(smp.index()), smp);
                    }
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf("synthesis 256x256x4: %d worker(s): %.1f samples/s%n", workers, n / sec);
            }
        }
    }

    @Test
    void contactSheetHasOneRowPerSample(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("sheet.png");
        ContactSheet.write(synth(1), 0, 3, out);
        BufferedImage im = ImageIO.read(out.toFile());
        assertEquals(ContactSheet.COLUMNS * SIZE, im.getWidth(), "composite, gt, trimap, occluder, prior");
        assertEquals(5 * SIZE, im.getWidth());
        assertEquals(3 * SIZE, im.getHeight());
        // the prior column: the face's outline, bright where the face is, dark in the corner
        assertTrue((im.getRGB(4 * SIZE + SIZE / 2, SIZE / 2) & 0xff) > 200, "prior inside the face");
        assertTrue((im.getRGB(4 * SIZE + 1, 1) & 0xff) < 50, "prior outside the face");
    }
}
