package org.facemat.train.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemat.testing.SharedData;
import org.facemat.train.data.FaceBox;
import org.facemat.train.data.FaceSample;
import org.facemat.train.data.FaceSource;
import org.facemat.train.data.SharedDataset;
import org.junit.jupiter.api.Test;

class HandsHairGlassesTest {
    static final int SIZE = 128;

    /** A flat-lit paint of a plain tone, so only the shape matters. */
    static SkinLook.Paint flatPaint() {
        return new SkinLook.Paint(SkinSwatch.flat(0.3), 1, new float[] {1, 1, 1}, 1, 0, 0, 1, 0.5, 0, 0.2, 1, 1);
    }

    static Layer render(SkinBody body) {
        Layer l = new Layer(SIZE);
        body.render(l, flatPaint(), SIZE / 2.0, SIZE / 2.0);
        return l;
    }

    @Test
    void theSamePoseGivesTheSamePixels() {
        HandShape a = HandShape.draw(new SplittableRandom(5));
        HandShape b = HandShape.draw(new SplittableRandom(5));
        Layer la = render(a.body(64, 80, 0.3, 30, false, true));
        Layer lb = render(b.body(64, 80, 0.3, 30, false, true));
        assertArrayEquals(la.alpha, lb.alpha);
        assertArrayEquals(la.premul, lb.premul);
        Layer lc = render(HandShape.draw(new SplittableRandom(6)).body(64, 80, 0.3, 30, false, true));
        assertFalse(Arrays.equals(la.alpha, lc.alpha), "another pose, another silhouette");
    }

    @Test
    void alphaIsSoftAtTheBorderAndOneInside() {
        Layer l = render(HandShape.open().body(64, 80, 0, 36, false, true));
        int soft = 0;
        for (float a : l.alpha) {
            assertTrue(a >= 0 && a <= 1, "alpha " + a);
            soft += a > 0.02f && a < 0.98f ? 1 : 0;
        }
        assertTrue(soft > 50, "an anti-aliased border: " + soft + " partial pixels");
        assertEquals(1f, l.alpha[80 * SIZE + 64], 0f, "the palm centre is opaque");
        assertEquals(0f, l.alpha[2 * SIZE + 2], 0f, "far from the hand: nothing");
        for (int i = 0; i < SIZE * SIZE; i++) {
            for (int c = 0; c < 3; c++) {
                assertTrue(l.premul[c * SIZE * SIZE + i] <= l.alpha[i] + 1e-6f, "premultiplied colour <= alpha");
            }
        }
    }

    @Test
    void anOpenHandHasFiveFingers() {
        HandShape open = HandShape.open();
        for (boolean mirror : new boolean[] {false, true}) {
            for (double angle : new double[] {0, 0.7, -2.0}) {
                SkinBody hand = open.body(64, 70, angle, 36, mirror, true);
                SkinBody palm = open.body(64, 70, angle, 36, mirror, false);
                boolean[] fingers = new boolean[SIZE * SIZE];
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        fingers[y * SIZE + x] = hand.coverage(x + 0.5, y + 0.5, 1) > 0.5
                                && palm.coverage(x + 0.5, y + 0.5, 1) < 0.5;
                    }
                }
                assertEquals(5, components(fingers, SIZE, 4), "mirror " + mirror + " angle " + angle);
            }
        }
    }

    /** 4-connected components of at least {@code minSize} pixels. */
    static int components(boolean[] m, int w, int minSize) {
        boolean[] seen = new boolean[m.length];
        int n = 0;
        for (int s = 0; s < m.length; s++) {
            if (!m[s] || seen[s]) {
                continue;
            }
            int count = 0;
            ArrayDeque<Integer> q = new ArrayDeque<>(List.of(s));
            seen[s] = true;
            while (!q.isEmpty()) {
                int i = q.poll();
                count++;
                int x = i % w;
                for (int j : new int[] {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i - w, i + w}) {
                    if (j >= 0 && j < m.length && m[j] && !seen[j]) {
                        seen[j] = true;
                        q.add(j);
                    }
                }
            }
            n += count >= minSize ? 1 : 0;
        }
        return n;
    }

    /** A face source of named items with one identity per clip or per item stem. */
    record FakeFaces(String name, boolean isClip, List<String> items) implements FaceSource {
        @Override
        public int size() {
            return items.size();
        }

        @Override
        public String itemName(int index) {
            return items.get(index);
        }

        @Override
        public String identity(int index) {
            return isClip ? name : items.get(index).split("_")[0];
        }

        @Override
        public FaceBox box(int index) {
            return new FaceBox(0, 0, 1, 1);
        }

        @Override
        public FaceSample read(int index) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void skinComesFromAnotherIdentity() {
        FaceSource a = new FakeFaces("anna", true, List.of("0", "1", "2"));
        FaceSource b = new FakeFaces("ben", true, List.of("0", "1"));
        FaceSource stills = new FakeFaces("stills", false, List.of("anna_1", "carl", "anna_2"));
        List<SynthPool.Faces> faces = List.of(new SynthPool.Faces(a, new int[] {0, 1, 2}),
                new SynthPool.Faces(b, new int[] {0, 1}), new SynthPool.Faces(stills, new int[] {0, 1, 2}));
        int fromFaces = 0;
        for (int seed = 0; seed < 300; seed++) {
            int fi = seed % 3;
            int item = seed % faces.get(fi).starts().length;
            SkinDonors.Donor d = SkinDonors.choose(faces, fi, item, 0, new SplittableRandom(seed));
            assertEquals(d, SkinDonors.choose(faces, fi, item, 0, new SplittableRandom(seed)), "reproducible");
            if (!d.fromSheet()) {
                fromFaces++;
                assertNotEquals(faces.get(fi).source().identity(item), faces.get(d.faces()).source().identity(d.item()),
                        "seed " + seed);
            }
        }
        assertTrue(fromFaces > 280, "another identity is almost always found: " + fromFaces);
        // one identity only: the sheet
        List<SynthPool.Faces> alone = List.of(new SynthPool.Faces(a, new int[] {0, 1, 2}),
                new SynthPool.Faces(stills, new int[] {0, 2}));
        for (int seed = 0; seed < 50; seed++) {
            assertTrue(SkinDonors.choose(alone, 0, 1, 0, new SplittableRandom(seed)).fromSheet());
        }
        // sheetProb 1: always the sheet
        assertTrue(SkinDonors.choose(faces, 0, 0, 1, new SplittableRandom(1)).fromSheet());
    }

    @Test
    void glassesSitOnTheEyeLine() {
        FaceBox box = new FaceBox(30, 20, 70, 90);
        for (int seed = 0; seed < 10; seed++) {
            GlassesFrame g = GlassesFrame.draw(new SplittableRandom(seed));
            Layer l = new Layer(SIZE);
            g.render(l, box);
            double m = 0;
            double my = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    m += l.alpha[y * SIZE + x];
                    my += l.alpha[y * SIZE + x] * (y + 0.5);
                }
            }
            double v = (my / m - box.y()) / box.h();
            assertTrue(v > 0.3 && v < 0.5, "glasses centre at " + v + " of the face box height (seed " + seed + ")");
        }
    }

    @Test
    void handSamplesKeepTheGroundTruthFormulaAndAreReproducible() throws IOException {
        try (SharedDataset ds = SharedDataset.open(SharedData.require("data"))) {
            SynthConfig c = SynthConfig.training(SIZE).withKinds(0, 1, 0.3, 0.5, 0.5);
            Synthesizer s = EvalSplit.trainingSynthesizer(ds, c, 17);
            Pattern hand = Pattern.compile("hand:(\\w+)#");
            int checked = 0;
            for (long i = 0; i < 8; i++) {
                Sample smp = s.sample(i);
                Sample again = EvalSplit.trainingSynthesizer(ds, c, 17).sample(i);
                assertEquals(smp.occluder(), again.occluder());
                assertTrue(smp.occluder() != null && smp.occluder().contains("hand:"), smp.occluder());
                for (int t = 0; t < smp.frames(); t++) {
                    assertArrayEquals(smp.rgb()[t], again.rgb()[t], "same seed, same pixels");
                    float[] a = smp.occluderAlpha()[t];
                    boolean some = false;
                    for (int k = 0; k < a.length; k++) {
                        assertTrue(a[k] >= 0 && a[k] <= 1);
                        assertEquals(smp.skin()[t][k] * (1f - a[k]), smp.gt()[t][k], 0f, "gt of sample " + i);
                        some |= a[k] > 0.5f;
                    }
                    assertTrue(some, "a hand is visible in sample " + i);
                }
                // the hand's skin is another person's: a clip of another name (the stills show franck)
                Matcher m = hand.matcher(smp.occluder());
                if (m.find()) {
                    String face = smp.source().startsWith("stills/franck") ? "franck" : smp.source().split("#")[0];
                    assertNotEquals(face, m.group(1).equals("stills") ? "franck" : m.group(1), smp.occluder());
                    checked++;
                }
            }
            assertTrue(checked >= 1, "some hands painted from another person's face");
        }
    }

    @Test
    void theHandsEvalSetUsesHeldOutSkinAndItsOwnSeed() throws IOException {
        try (SharedDataset ds = SharedDataset.open(SharedData.require("data"))) {
            Synthesizer s = EvalSplit.handsEvalSynthesizer(ds, 64, 1, 0, 0, 0);
            Pattern sheet = Pattern.compile("skin-patches@\\((\\d+),");
            int fromSheet = 0;
            for (long i = 0; i < 30; i++) {
                Synthesizer.Plan p = s.plan(i);
                assertTrue(EvalSplit.isEvalItem(s.poolForTests().faces().get(p.faces()).source(), p.start()));
                SkinDonors.Donor d = p.extras().look().donor();
                if (!d.fromSheet()) {
                    FaceSource donor = s.poolForTests().faces().get(d.faces()).source();
                    assertTrue(EvalSplit.isEvalItem(donor, d.item()), "a held-out donor face");
                }
            }
            for (long i = 0; i < 12; i++) {
                Matcher m = sheet.matcher(s.sample(i).occluder());
                if (m.find()) {
                    fromSheet++;
                    assertTrue(Integer.parseInt(m.group(1)) >= 720, "held-out columns of the sheet: " + m.group());
                }
            }
            assertTrue(fromSheet > 0, "some eval hands are painted from the sheet");
        }
    }
}
