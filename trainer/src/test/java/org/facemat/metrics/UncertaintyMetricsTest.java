package org.facemat.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UncertaintyMetricsTest {

    private static float[][] randomPair(int n, long seed) {
        Random rnd = new Random(seed);
        float[] p = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = rnd.nextFloat();
            p[i] = Math.min(1f, Math.max(0f, g[i] + (float) rnd.nextGaussian() * 0.2f));
        }
        return new float[][] {p, g};
    }

    private static float[] absErr(float[] p, float[] g) {
        float[] e = new float[p.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Math.abs(p[i] - g[i]);
        }
        return e;
    }

    @Test
    void spearmanOfMonotoneReversedAndRandomSigma() {
        float[][] pg = randomPair(5000, 1);
        float[] err = absErr(pg[0], pg[1]);
        float[] mono = new float[err.length];
        float[] rev = new float[err.length];
        float[] rnd = new float[err.length];
        Random r = new Random(2);
        for (int i = 0; i < err.length; i++) {
            mono[i] = (float) Math.sqrt(err[i]) * 3; // monotone in the error
            rev[i] = 1 - err[i];
            rnd[i] = r.nextFloat();
        }
        assertEquals(1, UncertaintyMetrics.spearman(pg[0], pg[1], err, null), 1e-12);
        assertEquals(1, UncertaintyMetrics.spearman(pg[0], pg[1], mono, null), 1e-12);
        assertEquals(-1, UncertaintyMetrics.spearman(pg[0], pg[1], rev, null), 1e-12);
        assertEquals(0, UncertaintyMetrics.spearman(pg[0], pg[1], rnd, null), 0.05);
    }

    @Test
    void tiesGetAverageRanks() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, UncertaintyMetrics.ranks(new float[] {1, 2, 2, 3}));
        // ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4): sum xy = 4.5, sum xx = 4.5, sum yy = 5
        assertEquals(4.5 / Math.sqrt(4.5 * 5),
                UncertaintyMetrics.spearman(new float[] {1, 2, 2, 3}, new float[] {1, 2, 3, 4}), 1e-12);
    }

    @Test
    void argsortIsStableAndAscending() {
        float[] v = {3f, 0f, 2.5f, 0f, 1e-30f, 7f, 2.5f};
        assertArrayEquals(new int[] {1, 3, 4, 2, 6, 0, 5}, UncertaintyMetrics.argsort(v));
    }

    @Test
    void auseIsZeroForOracleOrderAndPositiveOtherwise() {
        float[][] pg = randomPair(4000, 3);
        float[] err = absErr(pg[0], pg[1]);
        float[] mono = new float[err.length];
        float[] noisy = new float[err.length];
        Random r = new Random(4);
        for (int i = 0; i < err.length; i++) {
            mono[i] = err[i] * err[i] + 0.5f;
            noisy[i] = err[i] + r.nextFloat() * 0.2f;
        }
        assertEquals(0, UncertaintyMetrics.ause(pg[0], pg[1], err, null), 1e-15);
        assertEquals(0, UncertaintyMetrics.ause(pg[0], pg[1], mono, null, 20), 1e-15);
        double a = UncertaintyMetrics.ause(pg[0], pg[1], noisy, null);
        assertTrue(a > 0, "noisy sigma: " + a);
        float[] reversed = new float[err.length];
        for (int i = 0; i < err.length; i++) {
            reversed[i] = 1 - err[i];
        }
        assertTrue(UncertaintyMetrics.ause(pg[0], pg[1], reversed, null) > a);
    }

    @Test
    void auseOfAHandWorkedCase() {
        // errors {0, 1}, sigma ranks them the wrong way; 2 steps, fractions 0, 1/2, 1.
        // sigma curve: 0.5, 1, 0; oracle: 0.5, 0, 0; difference 0, 1, 0; trapezoid: 0.5 * (0.5 + 0.5) = 0.5
        float[] pred = {0f, 1f};
        float[] gt = {0f, 0f};
        float[] sigma = {1f, 0f};
        assertArrayEquals(new double[] {0.5, 1, 0}, UncertaintyMetrics.sparsificationCurve(sigma, new float[] {0, 1}, 2));
        assertEquals(0.5, UncertaintyMetrics.ause(pred, gt, sigma, null, 2), 1e-12);
    }

    @Test
    void regionRestrictsTheSample() {
        float[] pred = {0f, 1f, 0.5f, 0.2f};
        float[] gt = {0f, 0f, 0f, 0f};
        float[] sigma = {0f, 1f, 0.9f, 5f};
        boolean[] region = {true, true, true, false};
        assertEquals(1, UncertaintyMetrics.spearman(pred, gt, sigma, region), 1e-12);
        assertTrue(UncertaintyMetrics.spearman(pred, gt, sigma, null) < 1);
    }

    @Test
    void combinedComputationAgreesWithSeparateOnes() {
        float[][] pg = randomPair(3000, 8);
        float[] err = absErr(pg[0], pg[1]);
        float[] sigma = new float[err.length];
        Random r = new Random(9);
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = err[i] + r.nextFloat() * 0.1f;
        }
        double[] both = UncertaintyMetrics.spearmanAndAuse(sigma, err, 100);
        assertEquals(UncertaintyMetrics.spearman(sigma, err), both[0], 1e-12);
        assertEquals(UncertaintyMetrics.ause(sigma, err, 100), both[1], 1e-15);
        assertEquals(0, UncertaintyMetrics.argsort(new float[0]).length);
    }
}
