package org.facemat.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LaplacianLossTest {

    @Test
    void identicalInputsAndAConstantOffsetCostNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(0f, 1f, new Shape(2, 1, 32, 32));
            assertEquals(0f, LaplacianLoss.loss(a, a).getFloat(), 1e-7f);
            assertEquals(0f, LaplacianLoss.loss(a.add(0.25f), a).getFloat(), 1e-5f);
        }
    }

    @Test
    void aCheckerboardLivesInLevelZeroAlone() {
        // the kernel's alternating sum 1-4+6-4+1 is 0: the blur removes a checkerboard entirely (reflect padding keeps
        // the alternation), so band 0 is the whole difference and the coarser bands are 0: L = 2^0 * a / 5
        float a = 0.2f;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = m.create(checker(32, a), new Shape(1, 1, 32, 32));
            List<NDArray> bands = LaplacianLoss.pyramid(d);
            assertEquals(5, bands.size());
            assertEquals(0f, bands.get(0).sub(d).abs().max().getFloat(), 1e-6f);
            for (int k = 1; k < 5; k++) {
                assertEquals(0f, bands.get(k).abs().max().getFloat(), 1e-6f, "band " + k);
            }
            NDArray zero = d.zerosLike();
            assertEquals(a / 5f, LaplacianLoss.loss(d, zero).getFloat(), 1e-6f);
            // a coarser pattern of the same amplitude reaches the coarser, more heavily weighted levels
            NDArray coarse = m.create(blocks(32, 8, a), new Shape(1, 1, 32, 32));
            List<NDArray> cb = LaplacianLoss.pyramid(coarse);
            assertTrue(cb.get(2).abs().mean().getFloat() > 1e-3f);
        }
    }

    @Test
    void levelWeightsAreTwoToTheK() {
        // the loss is (1/5) sum_k 2^k mean|band_k|, with bands checked independently below
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = m.randomUniform(-1f, 1f, new Shape(1, 1, 32, 32));
            List<NDArray> bands = LaplacianLoss.pyramid(d);
            double expected = 0;
            for (int k = 0; k < bands.size(); k++) {
                expected += Math.pow(2, k) * bands.get(k).abs().mean().getFloat();
            }
            assertEquals(expected / 5, LaplacianLoss.loss(d, d.zerosLike()).getFloat(), 1e-5);
        }
    }

    @Test
    void matchesAPlainReferenceIncludingOddSizesAndMasks() {
        Random r = new Random(5);
        int[][] sizes = {{32, 32}, {37, 29}};
        for (int[] hw : sizes) {
            int h = hw[0];
            int w = hw[1];
            float[] p = new float[h * w];
            float[] t = new float[h * w];
            float[] mask = new float[h * w];
            for (int i = 0; i < p.length; i++) {
                p[i] = r.nextFloat();
                t[i] = r.nextFloat();
                int y = i / w;
                int x = i % w;
                mask[i] = Math.abs(x - y) < 4 ? 1f : 0f; // a diagonal band
            }
            double[][] d = new double[h][w];
            double[][] md = new double[h][w];
            for (int i = 0; i < p.length; i++) {
                d[i / w][i % w] = p[i] - t[i];
                md[i / w][i % w] = mask[i];
            }
            try (NDManager m = NDManager.newBaseManager()) {
                Shape s = new Shape(1, 1, h, w);
                NDArray pa = m.create(p, s);
                NDArray ta = m.create(t, s);
                NDArray ma = m.create(mask, s);
                assertEquals(Reference.loss(d, null), LaplacianLoss.loss(pa, ta).getFloat(), 1e-5, h + "x" + w);
                assertEquals(Reference.loss(d, md), LaplacianLoss.loss(pa, ta, ma).getFloat(), 1e-5,
                        h + "x" + w + " masked");
                // a sequence [B,T,1,H,W] is the same as its frames stacked
                NDArray seq = pa.reshape(1, 1, 1, h, w).repeat(1, 3);
                NDArray seqT = ta.reshape(1, 1, 1, h, w).repeat(1, 3);
                assertEquals(Reference.loss(d, null), LaplacianLoss.loss(seq, seqT).getFloat(), 1e-5);
            }
        }
    }

    @Test
    void aMaskedOutDifferenceIsIgnoredAndGradientsFlow() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(1, 1, 32, 32);
            NDArray gt = m.zeros(s);
            float[] maskv = new float[32 * 32];
            for (int i = 0; i < 32 * 16; i++) {
                maskv[i] = 1f; // upper half
            }
            NDArray mask = m.create(maskv, s);
            NDArray pred = m.randomUniform(0f, 1f, s);
            pred.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = LaplacianLoss.loss(pred, gt, mask);
                assertTrue(l.getFloat() > 0f && Float.isFinite(l.getFloat()));
                gc.backward(l);
            }
            assertTrue(pred.getGradient().abs().sum().getFloat() > 0f);
            // an empty mask: 0
            assertEquals(0f, LaplacianLoss.loss(m.randomUniform(0f, 1f, s), gt, gt.zerosLike()).getFloat(), 0f);
        }
    }

    private static float[] checker(int n, float a) {
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i / n + i % n) % 2 == 0) ? a : -a;
        }
        return v;
    }

    private static float[] blocks(int n, int b, float a) {
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (((i / n) / b + (i % n) / b) % 2 == 0) ? a : -a;
        }
        return v;
    }

    /** A direct double-precision transcription of the pyramid, without tensors. */
    private static final class Reference {
        static final double[] K = {1 / 16d, 4 / 16d, 6 / 16d, 4 / 16d, 1 / 16d};

        static double loss(double[][] d, double[][] mask) {
            double total = 0;
            double[][] cur = d;
            double[][] m = mask;
            for (int k = 0; k < 5; k++) {
                cur = cropEven(cur);
                if (cur.length < 2 || cur[0].length < 2) {
                    break;
                }
                double[][] down = subsample(blur(cur));
                double[][] up = blur(zeroInsert(down));
                double sum = 0;
                double count = 0;
                if (m != null) {
                    m = cropEven(m);
                }
                for (int y = 0; y < cur.length; y++) {
                    for (int x = 0; x < cur[0].length; x++) {
                        double wgt = m == null ? 1 : m[y][x];
                        sum += wgt * Math.abs(cur[y][x] - up[y][x]);
                        count += wgt;
                    }
                }
                total += Math.pow(2, k) * sum / Math.max(count, 1);
                if (m != null) {
                    m = maxPool(m);
                }
                cur = down;
            }
            return total / 5;
        }

        static int reflect(int i, int n) {
            if (n == 1) {
                return 0;
            }
            int period = 2 * (n - 1);
            int j = Math.floorMod(i, period);
            return j < n ? j : period - j;
        }

        static double[][] blur(double[][] a) {
            int h = a.length;
            int w = a[0].length;
            double[][] out = new double[h][w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int dy = -2; dy <= 2; dy++) {
                        for (int dx = -2; dx <= 2; dx++) {
                            s += K[dy + 2] * K[dx + 2] * a[reflect(y + dy, h)][reflect(x + dx, w)];
                        }
                    }
                    out[y][x] = s;
                }
            }
            return out;
        }

        static double[][] subsample(double[][] a) {
            double[][] out = new double[a.length / 2][a[0].length / 2];
            for (int y = 0; y < out.length; y++) {
                for (int x = 0; x < out[0].length; x++) {
                    out[y][x] = a[2 * y][2 * x];
                }
            }
            return out;
        }

        static double[][] zeroInsert(double[][] a) {
            double[][] out = new double[a.length * 2][a[0].length * 2];
            for (int y = 0; y < a.length; y++) {
                for (int x = 0; x < a[0].length; x++) {
                    out[2 * y][2 * x] = 4 * a[y][x];
                }
            }
            return out;
        }

        static double[][] maxPool(double[][] a) {
            double[][] out = new double[a.length / 2][a[0].length / 2];
            for (int y = 0; y < out.length; y++) {
                for (int x = 0; x < out[0].length; x++) {
                    out[y][x] = Math.max(Math.max(a[2 * y][2 * x], a[2 * y][2 * x + 1]),
                            Math.max(a[2 * y + 1][2 * x], a[2 * y + 1][2 * x + 1]));
                }
            }
            return out;
        }

        static double[][] cropEven(double[][] a) {
            int h = a.length - a.length % 2;
            int w = a[0].length - a[0].length % 2;
            double[][] out = new double[h][w];
            for (int y = 0; y < h; y++) {
                System.arraycopy(a[y], 0, out[y], 0, w);
            }
            return out;
        }
    }
}
