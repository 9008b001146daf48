package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resampling primitives of the network against their definitions. */
class HalfPixelResizeTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return v;
    }

    static float maxDiff(float[] a, float[] b) {
        return Oracle.maxAbsDiff(a, b);
    }

    @Test
    void djlBilinearUpsamplingIsHalfPixelBilinear() {
        // x2 (decoder, even and odd sizes) and the refiner's stretch of (h-2, w-2) to (H, W)
        int[][] cases = {{9, 16, 18, 32}, {5, 8, 10, 16}, {17, 31, 34, 62}, {31, 58, 67, 121}, {70, 126, 72, 128},
            {34, 62, 90, 160}, {268, 478, 1080, 1920}};
        for (int[] c : cases) {
            int channels = 2;
            float[] src = random(channels * c[0] * c[1], c[0] * 31L + c[1]);
            float[] expected = HalfPixelBilinear.resize(src, channels, c[0], c[1], c[2], c[3]);
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(src, new Shape(1, channels, c[0], c[1]));
                float[] got = HalfPixelResize.bilinear(x, c[2], c[3]).toFloatArray();
                float diff = Oracle.maxAbsDiff(expected, got);
                System.out.printf("bilinear %dx%d -> %dx%d (DJL mode %d): max |diff| %.3g%n", c[0], c[1], c[2], c[3],
                        HalfPixelResize.BILINEAR_MODE, diff);
                assertTrue(diff < 1e-6f, "DJL bilinear differs from HalfPixelBilinear by " + diff);
            }
        }
    }

    @Test
    void refusesToShrinkBecauseDjlAntialiases() {
        // DJL's PyTorch JNI always sets antialias=true for bilinear, which only matters when shrinking: there it
        // would average more than the 2x2 taps of HalfPixelBilinear. The network never shrinks with it.
        try (NDManager m = manager.newSubManager()) {
            float[] src = random(67 * 121, 3);
            NDArray x = m.create(src, new Shape(1, 1, 67, 121));
            assertThrows(IllegalArgumentException.class, () -> HalfPixelResize.bilinear(x, 33, 60));
            float[] antialiased = x.getNDArrayInternal()
                    .interpolation(new long[] {33, 60}, HalfPixelResize.BILINEAR_MODE, false).toFloatArray();
            float diff = Oracle.maxAbsDiff(HalfPixelBilinear.resize(src, 1, 67, 121, 33, 60), antialiased);
            System.out.printf("DJL bilinear shrink 67x121 -> 33x60 vs HalfPixelBilinear: max |diff| %.3g%n", diff);
        }
    }

    @Test
    void gradientsFlowThroughTheResize() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(random(3 * 7 * 9, 5), new Shape(1, 3, 7, 9));
            x.setRequiresGradient(true);
            NDArray weights = m.create(random(3 * 15 * 20, 6), new Shape(1, 3, 15, 20));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = HalfPixelResize.bilinear(x, 15, 20).mul(weights).sum();
                gc.backward(y);
            }
            float[] g = x.getGradient().toFloatArray();
            // every output is a convex combination of inputs: the gradient sums to the sum of the weights
            double sum = 0;
            int nonZero = 0;
            for (float v : g) {
                sum += v;
                nonZero += v != 0 ? 1 : 0;
            }
            assertEquals(weights.sum().getFloat(), sum, 1e-3);
            assertEquals(g.length, nonZero, "every input pixel contributes to an upsampled output");
        }
    }

    @Test
    void up2CropKeepsTheTopLeftOfTheDoubledMap() {
        try (NDManager m = manager.newSubManager()) {
            float[] v = random(4 * 5 * 3, 7);
            NDArray x = m.create(v, new Shape(1, 4, 5, 3));
            float[] doubled = HalfPixelBilinear.resize(v, 4, 5, 3, 10, 6);
            NDArray y = HalfPixelResize.up2Crop(x, 9, 5);
            assertEquals(new Shape(1, 4, 9, 5), y.getShape());
            float[] got = y.toFloatArray();
            float[] expected = new float[4 * 9 * 5];
            for (int c = 0; c < 4; c++) {
                for (int r = 0; r < 9; r++) {
                    System.arraycopy(doubled, (c * 10 + r) * 6, expected, (c * 9 + r) * 5, 5);
                }
            }
            assertArrayEquals(expected, got, 1e-6f);
        }
    }

    @Test
    void avgPoolIsTfSameWithValidCountDivisor() {
        try (NDManager m = manager.newSubManager()) {
            int h = 5;
            int w = 7;
            float[] v = random(2 * h * w, 8);
            float[] got = DjlOps.avgPool(m.create(v, new Shape(1, 2, h, w))).toFloatArray();
            int oh = 3;
            int ow = 4;
            assertEquals(2 * oh * ow, got.length);
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        double s = 0;
                        int n = 0;
                        for (int dy = 0; dy < 2; dy++) {
                            for (int dx = 0; dx < 2; dx++) {
                                int yy = 2 * y + dy;
                                int xx = 2 * x + dx;
                                if (yy < h && xx < w) {
                                    s += v[(c * h + yy) * w + xx];
                                    n++;
                                }
                            }
                        }
                        assertEquals(s / n, got[(c * oh + y) * ow + x], 1e-6, "at " + c + "," + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void boxFilterIsAValidThreeByThreeMean() {
        try (NDManager m = manager.newSubManager()) {
            int h = 6;
            int w = 5;
            float[] v = random(h * w, 9);
            float[] got = DjlOps.box(m.create(v, new Shape(1, 1, h, w))).toFloatArray();
            assertEquals((h - 2) * (w - 2), got.length);
            for (int y = 0; y < h - 2; y++) {
                for (int x = 0; x < w - 2; x++) {
                    double s = 0;
                    for (int dy = 0; dy < 3; dy++) {
                        for (int dx = 0; dx < 3; dx++) {
                            s += v[(y + dy) * w + x + dx];
                        }
                    }
                    assertEquals(s / 9, got[y * (w - 2) + x], 1e-6);
                }
            }
        }
    }
}
