package org.facemat.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class HalfPixelBilinearTest {

    @Test
    void upsamplesWithHalfPixelCentresAndEdgeClamp() {
        float[] src = {0, 1, 2, 3};
        float[] up = HalfPixelBilinear.resize(src, 1, 2, 2, 4, 4);
        // output x=0 maps to -0.25 (clamped to the edge), x=1 to 0.25, x=2 to 0.75, x=3 to 1.25 (clamped)
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, java.util.Arrays.copyOfRange(up, 0, 4), 1e-6f);
        assertArrayEquals(new float[] {2, 2.25f, 2.75f, 3}, java.util.Arrays.copyOfRange(up, 12, 16), 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.75f, 1.25f, 1.5f}, java.util.Arrays.copyOfRange(up, 4, 8), 1e-6f);
    }

    @Test
    void quarterRatioAveragesOnlyTwoByTwoOfEachBlock() {
        // 8x8 -> 2x2: output pixel 0 samples source 1.5, i.e. the mean of rows/cols 1 and 2 (it aliases, as RVM did)
        float[] src = new float[64];
        for (int i = 0; i < 64; i++) {
            src[i] = i;
        }
        float[] d = HalfPixelBilinear.resize(src, 1, 8, 8, 2, 2);
        float expected00 = (9 + 10 + 17 + 18) / 4f;
        assertArrayEquals(new float[] {expected00, expected00 + 4, expected00 + 32, expected00 + 36}, d, 1e-5f);
    }

    @Test
    void resizesEachPlaneOnItsOwn() {
        float[] src = new float[2 * 3 * 5];
        for (int i = 15; i < 30; i++) {
            src[i] = 1f;
        }
        float[] d = HalfPixelBilinear.resize(src, 2, 3, 5, 7, 9);
        for (int i = 0; i < 63; i++) {
            assertArrayEquals(new float[] {0f}, new float[] {d[i]}, 0f);
            assertArrayEquals(new float[] {1f}, new float[] {d[63 + i]}, 1e-6f);
        }
    }
}
