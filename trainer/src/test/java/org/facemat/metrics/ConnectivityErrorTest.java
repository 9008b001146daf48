package org.facemat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectivityErrorTest {

    @Test
    void perfectPredictionIsZero() {
        Random rnd = new Random(1);
        float[] gt = new float[30 * 40];
        for (int i = 0; i < gt.length; i++) {
            gt[i] = rnd.nextFloat();
        }
        assertEquals(0, ConnectivityError.conn(gt, gt.clone(), null, 30, 40));
    }

    @Test
    void handWorkedExamples() {
        // joint [1, 0, 1]: two single-pixel components tie, the first in raster order is kept;
        // pixels 1 and 2 get level 0. Pixel 1: phi(pred)=1, phi(gt)=1-1=0 -> 1. Pixel 2: both phi 0.
        assertEquals(1 / 1000.0,
                ConnectivityError.conn(new float[] {1, 0, 1}, new float[] {1, 1, 1}, null, 1, 3), 1e-12);
        // joint [0.5, 0.2]: pixel 1 leaves omega at 0.3 -> level 0.2; d(pred) ~ 0 -> phi 1; d(gt) = 0.3 -> phi 0.7
        assertEquals(0.3 / 1000.0,
                ConnectivityError.conn(new float[] {0.5f, 0.2f}, new float[] {0.5f, 0.5f}, null, 1, 2), 1e-7);
    }

    @Test
    void disconnectedBlobIncreasesTheError() {
        int h = 40;
        int w = 40;
        float[] gt = new float[h * w];
        float[] pred = new float[h * w];
        Random rnd = new Random(3);
        for (int y = 5; y < 20; y++) {
            for (int x = 5; x < 20; x++) {
                gt[y * w + x] = 1f;
                pred[y * w + x] = 0.9f + 0.1f * rnd.nextFloat();
            }
        }
        float[] blob = pred.clone();
        for (int y = 28; y < 34; y++) {
            for (int x = 28; x < 34; x++) {
                blob[y * w + x] = 0.8f;
            }
        }
        double base = ConnectivityError.conn(pred, gt, null, h, w);
        double withBlob = ConnectivityError.conn(blob, gt, null, h, w);
        assertTrue(withBlob > base, withBlob + " vs " + base);
        // each blob pixel: level 0, phi(pred) = 0.2, phi(gt) = 1 -> 0.8
        assertEquals(base + 36 * 0.8 / 1000, withBlob, 1e-6);
    }

    /** Independent check: components by repeated min-label propagation, the definition written out directly. */
    @Test
    void matchesDirectImplementation() {
        Random rnd = new Random(11);
        int h = 23;
        int w = 31;
        for (int trial = 0; trial < 5; trial++) {
            float[] p = new float[h * w];
            float[] g = new float[h * w];
            for (int i = 0; i < p.length; i++) {
                // blocky values so that components are non-trivial
                p[i] = Math.round(rnd.nextFloat() * 10) / 10f;
                g[i] = Math.min(1f, Math.max(0f, p[i] + (rnd.nextFloat() - 0.5f) * 0.6f));
            }
            boolean[] region = new boolean[h * w];
            for (int i = 0; i < region.length; i++) {
                region[i] = rnd.nextBoolean();
            }
            assertEquals(direct(p, g, region, h, w), ConnectivityError.conn(p, g, region, h, w), 1e-9);
        }
    }

    private static double direct(float[] p, float[] g, boolean[] region, int h, int w) {
        int n = h * w;
        double[] l = new double[n];
        java.util.Arrays.fill(l, -1);
        for (int i = 1; i <= 10; i++) {
            double t = i / 10.0;
            int[] lab = new int[n];
            for (int k = 0; k < n; k++) {
                lab[k] = p[k] >= t && g[k] >= t ? k + 1 : 0;
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int k = 0; k < n; k++) {
                    if (lab[k] == 0) {
                        continue;
                    }
                    int y = k / w;
                    int x = k % w;
                    int[][] nb = {{y - 1, x}, {y + 1, x}, {y, x - 1}, {y, x + 1}};
                    for (int[] q : nb) {
                        if (q[0] >= 0 && q[0] < h && q[1] >= 0 && q[1] < w) {
                            int m = lab[q[0] * w + q[1]];
                            if (m != 0 && m < lab[k]) {
                                lab[k] = m;
                                changed = true;
                            }
                        }
                    }
                }
            }
            int[] size = new int[n + 1];
            for (int k = 0; k < n; k++) {
                if (lab[k] != 0) {
                    size[lab[k]]++;
                }
            }
            int best = 0;
            for (int k = 1; k <= n; k++) {
                if (size[k] > size[best]) {
                    best = k; // smallest label = first pixel in raster order wins ties
                }
            }
            for (int k = 0; k < n; k++) {
                boolean in = best != 0 && lab[k] == best;
                if (l[k] == -1 && !in) {
                    l[k] = (i - 1) / 10.0;
                }
            }
        }
        double s = 0;
        for (int k = 0; k < n; k++) {
            if (!region[k]) {
                continue;
            }
            double lk = l[k] == -1 ? 1 : l[k];
            double dp = p[k] - lk;
            double dg = g[k] - lk;
            s += Math.abs((1 - (dp >= 0.15 ? dp : 0)) - (1 - (dg >= 0.15 ? dg : 0)));
        }
        return s / 1000;
    }
}
