package org.facemat.train.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.facemat.metrics.Trimap;
import org.junit.jupiter.api.Test;

class TrimapTest {

    @Test
    void trainingTrimapUsesTheEvaluationBandAndLabelsTheRest() {
        int n = 64;
        float[] gt = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                gt[y * n + x] = x < 30 ? 1f : (x == 30 ? 0.5f : 0f);
            }
        }
        float[] t = Synthesizer.trimap(gt, n);
        boolean[] band = Trimap.unknownBand(gt, n, n);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int i = y * n + x;
                float want = band[i] ? 0.5f : (x < 30 ? 1f : 0f);
                assertEquals(want, t[i], 0f, "x=" + x + " y=" + y);
            }
        }
        // the band grows by 14 px on each side of the soft column (two 15x15 ellipse dilations)
        assertEquals(0.5f, t[32 * n + 16], 0f);
        assertEquals(1f, t[32 * n + 15], 0f);
        assertEquals(0.5f, t[32 * n + 44], 0f);
        assertEquals(0f, t[32 * n + 45], 0f);
    }
}
