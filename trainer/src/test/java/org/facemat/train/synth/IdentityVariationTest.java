package org.facemat.train.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdentityVariationTest {
    private static final int S = 64;
    private static final int A = S * S;
    /** The face: an ellipse around (32, 30) with 14 x 18 half axes. */
    private static final double CX = 32;
    private static final double CY = 30;
    private static final double RX = 14;
    private static final double RY = 18;
    /** A strongly blue patch in the top-left corner. */
    private static final int BLUE = 3 * S + 3;

    private static boolean inFace(int x, int y) {
        return sq((x + 0.5 - CX) / RX) + sq((y + 0.5 - CY) / RY) <= 1;
    }

    /** Grey-green background, a textured skin-toned oval, a blue patch. */
    private static float[] face() {
        float[] im = new float[3 * A];
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                int i = y * S + x;
                float[] c = inFace(x, y) ? new float[] {0.8f, 0.6f, 0.5f} : new float[] {0.35f, 0.45f, 0.38f};
                if (x < 8 && y < 8) {
                    c = new float[] {0.1f, 0.2f, 0.9f};
                }
                float tex = (float) (0.04 * Math.sin(x * 0.7) * Math.cos(y * 0.5));
                for (int ch = 0; ch < 3; ch++) {
                    im[ch * A + i] = c[ch] + tex;
                }
            }
        }
        return im;
    }

    private static float[] skin() {
        float[] m = new float[A];
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                m[y * S + x] = inFace(x, y) ? 1f : 0f;
            }
        }
        return m;
    }

    /** The skin box (inclusive-exclusive) of a mask, thresholded at 0.5: {x0, y0, x1, y1}. */
    private static int[] box(float[] m) {
        int[] b = {S, S, -1, -1};
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                if (m[y * S + x] > 0.5f) {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x + 1);
                    b[3] = Math.max(b[3], y + 1);
                }
            }
        }
        return b;
    }

    private static IdentityVariation geometry(double width, double angle) {
        return new IdentityVariation(width, 1, 1, 1, angle, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0);
    }

    private static IdentityVariation camera(double blur, double noise, int jpeg, long seed) {
        return new IdentityVariation(1, 1, 1, 1, 0, 1, 1, 0, 0, 1.1, 0.95, 0.9, 0.5, 1.0, 1.1, 1.05, blur, noise,
                jpeg, seed);
    }

    /** warp, recolour, camera on two frames of the test face; the frames and the skin, concatenated. */
    private static float[] run(IdentityVariation v) {
        float[][] rgb = {face(), face()};
        float[][] sk = {skin(), skin()};
        int[] b = box(sk[0]);
        v.warp(rgb, sk, S, b[0], b[1], b[2], b[3]);
        v.recolour(rgb, sk[0], S);
        v.camera(rgb, S);
        float[] out = new float[7 * A];
        System.arraycopy(rgb[0], 0, out, 0, 3 * A);
        System.arraycopy(rgb[1], 0, out, 3 * A, 3 * A);
        System.arraycopy(sk[0], 0, out, 6 * A, A);
        return out;
    }

    @Test
    void strengthZeroDrawsNothing() {
        assertNull(IdentityVariation.draw(0, new SplittableRandom(1)));
        assertNull(IdentityVariation.draw(-0.5, new SplittableRandom(1)));
        assertNotNull(IdentityVariation.draw(0.3, new SplittableRandom(1)));
    }

    @Test
    void theSameSeedGivesTheSamePixelsAndAnotherSeedOthers() {
        IdentityVariation a = IdentityVariation.draw(1, new SplittableRandom(11));
        IdentityVariation b = IdentityVariation.draw(1, new SplittableRandom(11));
        IdentityVariation c = IdentityVariation.draw(1, new SplittableRandom(12));
        assertEquals(a, b);
        assertEquals(a.describe(), b.describe());
        assertArrayEquals(run(a), run(b));
        assertNotEquals(a, c);
        assertFalse(Arrays.equals(run(a), run(c)), "another seed, another look");
    }

    @Test
    void drawsStayInTheirRangesAndHalfStrengthHalvesTheDeviation() {
        for (int seed = 0; seed < 200; seed++) {
            IdentityVariation v = IdentityVariation.draw(1, new SplittableRandom(seed));
            assertTrue(v.widthScale() >= 0.88 && v.widthScale() <= 1.12, v.describe());
            assertTrue(Math.abs(Math.toDegrees(v.angle())) <= 12 + 1e-9, v.describe());
            assertTrue(v.scale() >= 0.92 && v.scale() <= 1.08, v.describe());
            assertTrue(v.lumaGain() >= 0.45 && v.lumaGain() <= 1.3, v.describe());
            assertTrue(Math.abs(v.crShift()) <= 0.04 && Math.abs(v.cbShift()) <= 0.03, v.describe());
            assertTrue(v.jpegQuality() == 0 || v.jpegQuality() >= 25 && v.jpegQuality() <= 90, v.describe());
            IdentityVariation h = IdentityVariation.draw(0.5, new SplittableRandom(seed));
            assertEquals((v.widthScale() - 1) / 2, h.widthScale() - 1, 1e-12);
            assertEquals(v.angle() / 2, h.angle(), 1e-12);
            assertEquals((v.lumaGain() - 1) / 2, h.lumaGain() - 1, 1e-12);
        }
    }

    @Test
    void neutralParametersChangeNothing() {
        float[][] rgb = {face(), face()};
        float[][] sk = {skin(), skin()};
        int[] b = box(sk[0]);
        IdentityVariation n = IdentityVariation.neutral();
        n.warp(rgb, sk, S, b[0], b[1], b[2], b[3]);
        n.recolour(rgb, sk[0], S);
        n.camera(rgb, S);
        assertArrayEquals(face(), rgb[0], 1e-5f);
        assertArrayEquals(face(), rgb[1], 1e-5f);
        assertArrayEquals(skin(), sk[0], 1e-5f);
    }

    @Test
    void aWiderFaceScaleWidensTheSkinAndANarrowerOneNarrowsIt() {
        int w0 = width(skin());
        int wide = warpedWidth(geometry(1.12, 0));
        int narrow = warpedWidth(geometry(0.88, 0));
        // 28 px of face: 12 % is about 3 px
        assertTrue(wide >= w0 + 2, "wider: " + w0 + " -> " + wide);
        assertTrue(narrow <= w0 - 2, "narrower: " + w0 + " -> " + narrow);
    }

    @Test
    void warpedSkinStaysInRangeAndFollowsTheRotation() {
        float[][] rgb = {face()};
        float[][] sk = {skin()};
        int[] b = box(sk[0]);
        geometry(1.1, Math.toRadians(12)).warp(rgb, sk, S, b[0], b[1], b[2], b[3]);
        for (float v : sk[0]) {
            assertTrue(v >= 0 && v <= 1, "skin " + v);
        }
        for (float v : rgb[0]) {
            assertTrue(v >= 0 && v <= 1, "rgb " + v);
        }
        assertFalse(Arrays.equals(skin(), sk[0]), "a turned face is another mask");
    }

    private static int warpedWidth(IdentityVariation v) {
        float[][] rgb = {face()};
        float[][] sk = {skin()};
        int[] b = box(sk[0]);
        v.warp(rgb, sk, S, b[0], b[1], b[2], b[3]);
        return width(sk[0]);
    }

    private static int width(float[] m) {
        int[] b = box(m);
        return b[2] - b[0];
    }

    @Test
    void darkerToneDarkensTheSkinAndLeavesBlueAlone() {
        float[][] rgb = {face()};
        float[] sk = skin();
        double before = Synthesizer.meanSkinLuma(rgb[0], sk, S);
        new IdentityVariation(1, 1, 1, 1, 0, 1, 0.6, -0.01, 0.02, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0)
                .recolour(rgb, sk, S);
        double after = Synthesizer.meanSkinLuma(rgb[0], sk, S);
        assertTrue(after < before * 0.7, "mean skin luma " + before + " -> " + after);
        float[] f = face();
        for (int c = 0; c < 3; c++) {
            assertEquals(f[c * A + BLUE], rgb[0][c * A + BLUE], 1e-3f, "blue patch, channel " + c);
        }
        // a skin-coloured pixel outside the label (neck, hands) changes as the labelled skin does
        float[][] neck = {face()};
        int out = 5 * S + 60;
        for (int c = 0; c < 3; c++) {
            neck[0][c * A + out] = neck[0][c * A + (int) CY * S + (int) CX];
        }
        new IdentityVariation(1, 1, 1, 1, 0, 1, 0.6, -0.01, 0.02, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0)
                .recolour(neck, sk, S);
        for (int c = 0; c < 3; c++) {
            assertEquals(neck[0][c * A + (int) CY * S + (int) CX], neck[0][c * A + out], 1e-6f);
        }
    }

    @Test
    void jpegChangesThePixelsButNotTheirMean() {
        float[][] rgb = {face()};
        new IdentityVariation(1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 30, 0).camera(rgb, S);
        float[] f = face();
        double diff = 0;
        double m0 = 0;
        double m1 = 0;
        for (int i = 0; i < 3 * A; i++) {
            assertTrue(rgb[0][i] >= 0 && rgb[0][i] <= 1, "value " + rgb[0][i]);
            diff = Math.max(diff, Math.abs(rgb[0][i] - f[i]));
            m0 += f[i];
            m1 += rgb[0][i];
        }
        assertTrue(diff > 0.02, "compression shows: largest change " + diff);
        assertEquals(m0 / (3 * A), m1 / (3 * A), 0.05, "mean");
    }

    @Test
    void theCameraGivesTheSamePixelsTwiceAndStaysInRange() {
        IdentityVariation v = camera(1.2, 0.03, 40, 99);
        float[][] a = {face(), face()};
        float[][] b = {face(), face()};
        v.camera(a, S);
        v.camera(b, S);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertFalse(Arrays.equals(a[0], a[1]), "the noise differs from frame to frame");
        for (float x : a[0]) {
            assertTrue(x >= 0 && x <= 1, "value " + x);
        }
        float[][] c = {face(), face()};
        camera(1.2, 0.03, 40, 100).camera(c, S);
        assertFalse(Arrays.equals(a[0], c[0]), "another noise seed");
    }

    private static double sq(double v) {
        return v * v;
    }
}
