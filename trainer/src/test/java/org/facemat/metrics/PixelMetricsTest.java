package org.facemat.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PixelMetricsTest {

    @Test
    void perfectPredictionHasNoErrorAndFullOverlap() {
        float[] gt = {0f, 0.2f, 0.7f, 1f, 1f, 0.4f};
        assertEquals(0, PixelMetrics.mse(gt, gt.clone(), null));
        assertEquals(0, PixelMetrics.sad(gt, gt.clone(), null));
        assertArrayEquals(new double[] {1, 1, 1}, PixelMetrics.binary(gt, gt.clone(), null));
    }

    @Test
    void mseAndSadOfAKnownExample() {
        float[] gt = {0f, 0.5f, 1f, 1f};
        float[] pred = {0.5f, 0.5f, 0.75f, 0f};
        // errors 0.5, 0, 0.25, 1 -> squares 0.25, 0, 0.0625, 1
        assertEquals((0.25 + 0 + 0.0625 + 1) / 4, PixelMetrics.mse(pred, gt, null), 1e-12);
        assertEquals((0.5 + 0 + 0.25 + 1) / 1000, PixelMetrics.sad(pred, gt, null), 1e-12);
        boolean[] region = {true, false, true, false};
        assertEquals((0.25 + 0.0625) / 2, PixelMetrics.mse(pred, gt, region), 1e-12);
        assertEquals(0.75 / 1000, PixelMetrics.sad(pred, gt, region), 1e-12);
    }

    @Test
    void iouAccuracyRecallOfAKnown4x4Case() {
        // gt foreground: left half (8 pixels). pred foreground: the first 3 columns (12 pixels).
        float[] gt = new float[16];
        float[] pred = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                gt[y * 4 + x] = x < 2 ? 0.9f : 0.1f;
                pred[y * 4 + x] = x < 3 ? 0.8f : 0.5f; // 0.5 is not > 0.5
            }
        }
        // TP 8, FP 4, FN 0, TN 4
        double[] r = PixelMetrics.binary(pred, gt, null);
        assertEquals(8.0 / 12, r[0], 1e-12);
        assertEquals(12.0 / 16, r[1], 1e-12);
        assertEquals(1.0, r[2], 1e-12);
        // swap roles: TP 8, FP 0, FN 4 -> recall 8/12
        double[] s = PixelMetrics.binary(gt, pred, null);
        assertEquals(8.0 / 12, s[0], 1e-12);
        assertEquals(8.0 / 12, s[2], 1e-12);
    }
}
