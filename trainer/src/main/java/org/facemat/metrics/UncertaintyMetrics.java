package org.facemat.metrics;

/**
 * Quality of the uncertainty pass: how well {@code sigma} ranks the true error {@code |pred - gt|}.
 *
 * <ul>
 *   <li>{@link #spearman}: Spearman rank correlation of sigma with the absolute error, i.e. the Pearson correlation of
 *   their ranks, tied values getting the average of their ranks. Range [-1, 1], higher is better; NaN when either
 *   has no variation over the region (all ranks equal).</li>
 *   <li>{@link #ause}: area under the sparsification-error curve with MSE (Ilg et al. 2018). For a fraction
 *   {@code f = k / steps}, {@code k = 0..steps}, the {@code floor(f n)} pixels with the largest sigma are removed and
 *   the MSE of the rest is {@code S(f)} (0 once nothing remains); the oracle {@code O(f)} removes pixels by largest
 *   true error instead. {@code AUSE = integral over f in [0, 1] of (S(f) - O(f))} by the trapezoid rule. It is not
 *   normalised: it is in MSE units (alpha squared), so it can be compared with the frame's MSE over the same
 *   region; 0 when sigma orders pixels as the error does, lower is better, never below 0 by construction of the
 *   oracle.</li>
 * </ul>
 * Both sort with an LSD radix sort on the float bit patterns (non-negative floats order as their int bits), stable,
 * so equal keys keep raster order.
 */
public final class UncertaintyMetrics {
    /** Default number of sparsification steps. */
    public static final int DEFAULT_STEPS = 100;

    private UncertaintyMetrics() {
    }

    /** Spearman correlation of sigma with {@code |pred - gt|} over the region ({@code null} = whole image). */
    public static double spearman(float[] pred, float[] gt, float[] sigma, boolean[] region) {
        Samples s = Samples.of(pred, gt, sigma, region);
        return spearman(s.sigma, s.err);
    }

    /** Spearman rank correlation of two equally long samples (average ranks for ties). */
    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("samples differ in length");
        }
        int n = a.length;
        if (n < 2) {
            return Double.NaN;
        }
        return spearman(ranks(a), ranks(b));
    }

    private static double spearman(double[] ra, double[] rb) {
        int n = ra.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = (n + 1) / 2.0;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double x = ra[i] - mean;
            double y = rb[i] - mean;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        if (saa == 0 || sbb == 0) {
            return Double.NaN;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** AUSE with {@link #DEFAULT_STEPS} steps over the region ({@code null} = whole image). */
    public static double ause(float[] pred, float[] gt, float[] sigma, boolean[] region) {
        return ause(pred, gt, sigma, region, DEFAULT_STEPS);
    }

    /** AUSE with the given number of steps over the region ({@code null} = whole image). */
    public static double ause(float[] pred, float[] gt, float[] sigma, boolean[] region, int steps) {
        Samples s = Samples.of(pred, gt, sigma, region);
        return ause(s.sigma, s.err, steps);
    }

    /** AUSE of an uncertainty sample against absolute errors (see the class comment). */
    public static double ause(float[] sigma, float[] absErr, int steps) {
        checkSteps(sigma, absErr, steps);
        return ause(argsort(sigma), argsort(absErr), absErr, steps);
    }

    /**
     * Spearman correlation and AUSE of one sample, {@code [spearman, ause]}, sorting each of sigma and the error
     * once.
     */
    public static double[] spearmanAndAuse(float[] sigma, float[] absErr, int steps) {
        checkSteps(sigma, absErr, steps);
        int[] ps = argsort(sigma);
        int[] pe = argsort(absErr);
        return new double[] {spearman(ranks(sigma, ps), ranks(absErr, pe)), ause(ps, pe, absErr, steps)};
    }

    private static void checkSteps(float[] sigma, float[] absErr, int steps) {
        if (sigma.length != absErr.length || steps < 1) {
            throw new IllegalArgumentException("bad sparsification input");
        }
    }

    private static double ause(int[] bySigma, int[] byErr, float[] absErr, int steps) {
        double[] curve = curve(bySigma, absErr, steps);
        double[] oracle = curve(byErr, absErr, steps);
        double area = 0;
        for (int k = 0; k < steps; k++) {
            double d0 = curve[k] - oracle[k];
            double d1 = curve[k + 1] - oracle[k + 1];
            area += 0.5 * (d0 + d1) / steps;
        }
        return area;
    }

    /**
     * MSE of the remaining pixels after removing the {@code floor(k n / steps)} pixels with the largest
     * {@code order} key, for {@code k = 0..steps} ({@code steps + 1} values; 0 when nothing remains).
     */
    public static double[] sparsificationCurve(float[] order, float[] absErr, int steps) {
        if (order.length != absErr.length || steps < 1) {
            throw new IllegalArgumentException("bad sparsification input");
        }
        return curve(argsort(order), absErr, steps);
    }

    private static double[] curve(int[] perm, float[] absErr, int steps) {
        int n = perm.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            double e = absErr[perm[i]];
            prefix[i + 1] = prefix[i] + e * e;
        }
        double[] curve = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            int removed = (int) ((long) k * n / steps);
            int m = n - removed;
            curve[k] = m == 0 ? 0 : prefix[m] / m;
        }
        return curve;
    }

    /** 1-based ranks, ties averaged. */
    static double[] ranks(float[] v) {
        return ranks(v, argsort(v));
    }

    private static double[] ranks(float[] v, int[] perm) {
        int n = v.length;
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            float key = key(v[perm[i]]);
            while (j + 1 < n && key(v[perm[j + 1]]) == key) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[perm[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    private static float key(float f) {
        return f + 0.0f;
    }

    /** Stable ascending argsort of non-negative floats (LSD radix sort, 3 passes of 11 bits). */
    static int[] argsort(float[] v) {
        int n = v.length;
        if (n == 0) {
            return new int[0];
        }
        int[] keys = new int[n];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            float f = v[i] + 0.0f;
            if (!(f >= 0)) {
                throw new IllegalArgumentException("values must be >= 0 and not NaN, got " + v[i]);
            }
            keys[i] = Float.floatToRawIntBits(f);
            idx[i] = i;
        }
        int[] keys2 = new int[n];
        int[] idx2 = new int[n];
        int[] count = new int[2049];
        for (int shift = 0; shift < 32; shift += 11) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[((keys[i] >>> shift) & 0x7FF) + 1]++;
            }
            if (count[((keys[0] >>> shift) & 0x7FF) + 1] == n) {
                continue; // all equal in this digit
            }
            for (int b = 0; b < 2048; b++) {
                count[b + 1] += count[b];
            }
            for (int i = 0; i < n; i++) {
                int b = (keys[i] >>> shift) & 0x7FF;
                int pos = count[b]++;
                keys2[pos] = keys[i];
                idx2[pos] = idx[i];
            }
            int[] t = keys;
            keys = keys2;
            keys2 = t;
            t = idx;
            idx = idx2;
            idx2 = t;
        }
        return idx;
    }

    /** Sigma and absolute error of the pixels in the region. */
    static final class Samples {
        final float[] sigma;
        final float[] err;

        private Samples(float[] sigma, float[] err) {
            this.sigma = sigma;
            this.err = err;
        }

        static Samples of(float[] pred, float[] gt, float[] sigma, boolean[] region) {
            PixelMetrics.checkPair(pred, gt, region);
            if (sigma == null || sigma.length != pred.length) {
                throw new IllegalArgumentException("sigma must have the size of the planes");
            }
            int n = region == null ? pred.length : Trimap.count(region);
            float[] s = new float[n];
            float[] e = new float[n];
            int j = 0;
            for (int i = 0; i < pred.length; i++) {
                if (region == null || region[i]) {
                    s[j] = sigma[i];
                    e[j] = Math.abs(pred[i] - gt[i]);
                    j++;
                }
            }
            return new Samples(s, e);
        }
    }
}
