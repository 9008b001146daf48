package org.facemat.train.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrimapTest {

    @Test
    void unknownBandIsTheSoftGtDilatedBySquareRadius() {
        int n = 32;
        float[] gt = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                gt[y * n + x] = x < 10 ? 1f : (x == 10 ? 0.5f : 0f);
            }
        }
        float[] t = Synthesizer.trimap(gt, n, 2);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                float want = x >= 8 && x <= 12 ? 0.5f : (x < 8 ? 1f : 0f);
                assertEquals(want, t[y * n + x], 0f, "x=" + x + " y=" + y);
            }
        }
        // a single soft pixel becomes a (2r+1)^2 square
        float[] one = new float[n * n];
        one[16 * n + 16] = 0.3f;
        float[] t1 = Synthesizer.trimap(one, n, 3);
        int unknown = 0;
        for (float v : t1) {
            unknown += v == 0.5f ? 1 : 0;
        }
        assertEquals(49, unknown);
    }
}
