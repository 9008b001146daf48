package org.facemat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GradErrorTest {

    private static float[] step(int h, int w, int edge) {
        float[] a = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = edge; x < w; x++) {
                a[y * w + x] = 1f;
            }
        }
        return a;
    }

    @Test
    void perfectPredictionIsZero() {
        float[] gt = step(12, 20, 10);
        assertEquals(0, GradError.grad(gt, gt.clone(), null, 12, 20));
    }

    @Test
    void shiftedStepEdgeIsPositiveAndSymmetric() {
        int h = 12;
        int w = 20;
        float[] gt = step(h, w, 10);
        double right = GradError.grad(step(h, w, 12), gt, null, h, w);
        double left = GradError.grad(step(h, w, 8), gt, null, h, w);
        assertTrue(right > 0, "shifted edge must cost something");
        // flipping the image and inverting alpha maps one case onto the other
        assertEquals(right, left, 1e-9 * right);
        // and the metric is symmetric in prediction and ground truth
        assertEquals(right, GradError.grad(gt, step(h, w, 12), null, h, w), 1e-12);
        // a larger shift costs more
        assertTrue(GradError.grad(step(h, w, 15), gt, null, h, w) > right);
    }

    @Test
    void kernelIsTheNineTapL2NormalisedFilter() {
        float[] g = GradError.smoothingKernel();
        float[] d = GradError.derivativeKernel();
        assertEquals(9, g.length);
        double sg = 0;
        double sd = 0;
        for (int i = 0; i < 9; i++) {
            sg += g[i] * g[i];
            sd += d[i] * d[i];
        }
        assertEquals(1, sg, 1e-6);
        assertEquals(1, sd, 1e-6);
    }

    @Test
    void regionResultEqualsWholeImageFilteringMasked() {
        int h = 40;
        int w = 50;
        Random rnd = new Random(6);
        float[] p = new float[h * w];
        float[] q = new float[h * w];
        boolean[] region = new boolean[h * w];
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextFloat();
            q[i] = rnd.nextFloat();
        }
        for (int y = 2; y < 15; y++) {
            for (int x = 20; x < 47; x++) {
                region[y * w + x] = rnd.nextInt(3) > 0;
            }
        }
        float[] mp = GradError.magnitude(p, h, w);
        float[] mq = GradError.magnitude(q, h, w);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            if (region[i]) {
                s += (mp[i] - mq[i]) * (double) (mp[i] - mq[i]);
            }
        }
        assertEquals(s / 1000, GradError.grad(p, q, region, h, w), 1e-6 * s);
        assertEquals(0, GradError.grad(p, q, new boolean[h * w], h, w));
    }

    /** Independent check: a direct 9 x 9 correlation with the 2-D kernel normalised as a whole. */
    @Test
    void matchesDirectTwoDimensionalFilter() {
        int h = 17;
        int w = 23;
        Random rnd = new Random(5);
        float[] p = new float[h * w];
        float[] q = new float[h * w];
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextFloat();
            q[i] = rnd.nextFloat();
        }
        double sigma = 1.4;
        int half = 4;
        double[][] hx = new double[9][9];
        double norm = 0;
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                double u = i - half;
                double v = j - half;
                double gu = Math.exp(-u * u / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
                double gv = Math.exp(-v * v / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
                hx[i][j] = gu * (-v * gv / (sigma * sigma));
                norm += hx[i][j] * hx[i][j];
            }
        }
        norm = Math.sqrt(norm);
        double expected = 0;
        float[] mp = GradError.magnitude(p, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] a = direct(p, h, w, y, x, hx, norm);
                double[] b = direct(q, h, w, y, x, hx, norm);
                double ma = Math.hypot(a[0], a[1]);
                double mb = Math.hypot(b[0], b[1]);
                assertEquals(ma, mp[y * w + x], 1e-5);
                expected += (ma - mb) * (ma - mb);
            }
        }
        assertEquals(expected / 1000, GradError.grad(p, q, null, h, w), 1e-6 * expected);
    }

    private static double[] direct(float[] a, int h, int w, int y, int x, double[][] hx, double norm) {
        double gx = 0;
        double gy = 0;
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                int yy = Math.min(h - 1, Math.max(0, y + i - 4));
                int xx = Math.min(w - 1, Math.max(0, x + j - 4));
                gx += hx[i][j] / norm * a[yy * w + xx];
                int yy2 = Math.min(h - 1, Math.max(0, y + j - 4));
                int xx2 = Math.min(w - 1, Math.max(0, x + i - 4));
                gy += hx[i][j] / norm * a[yy2 * w + xx2]; // transpose
            }
        }
        return new double[] {gx, gy};
    }
}
