package org.facemat.metrics;

import org.facemat.image.Planar;

/**
 * Gradient error as in the matting benchmarks (Rhemann et al. 2009; the Deep Image Matting evaluation code):
 * the gradients of prediction and ground truth are taken with first-derivative-of-Gaussian filters of
 * {@code sigma = 1.4}, and {@code Grad = sum over the region of (|grad pred| - |grad gt|)^2 / 1000}.
 *
 * <p>The filter is the benchmark's {@code gaussgradient}: half size
 * {@code ceil(sigma * sqrt(-2 ln(sqrt(2 pi) sigma 0.01)))} = 4 (a 9 x 9 kernel), {@code hx(u, v) = G(u) G'(v)}
 * with {@code G} the normalised Gaussian and {@code G'(v) = -v G(v) / sigma^2}, then divided by its L2 norm
 * {@code sqrt(sum hx^2)} (the code's {@code sqrt(sum(abs(hx).*abs(hx)))}); {@code hy} is its transpose. The kernel
 * is separable and its L2 norm factorises, so it is applied here as two 1-D passes, each 1-D kernel divided by its
 * own L2 norm, which gives exactly the normalised 2-D kernel. Borders replicate (MATLAB {@code imfilter(...,
 * 'replicate')}). Alphas are used as they are in [0, 1] (no per-image min-max rescaling, as the Python ports do).
 */
public final class GradError {
    /** Gaussian sigma of the derivative filters. */
    public static final double SIGMA = 1.4;

    private static final float[] SMOOTH;
    private static final float[] DERIV;

    static {
        double eps = 1e-2;
        int half = (int) Math.ceil(SIGMA * Math.sqrt(-2 * Math.log(Math.sqrt(2 * Math.PI) * SIGMA * eps)));
        int n = 2 * half + 1;
        double[] g = new double[n];
        double[] d = new double[n];
        double sg = 0;
        double sd = 0;
        for (int i = 0; i < n; i++) {
            double x = i - half;
            g[i] = Math.exp(-x * x / (2 * SIGMA * SIGMA)) / (SIGMA * Math.sqrt(2 * Math.PI));
            d[i] = -x * g[i] / (SIGMA * SIGMA);
            sg += g[i] * g[i];
            sd += d[i] * d[i];
        }
        SMOOTH = new float[n];
        DERIV = new float[n];
        for (int i = 0; i < n; i++) {
            SMOOTH[i] = (float) (g[i] / Math.sqrt(sg));
            DERIV[i] = (float) (d[i] / Math.sqrt(sd));
        }
    }

    private GradError() {
    }

    /** The normalised 1-D smoothing kernel (copy). */
    public static float[] smoothingKernel() {
        return SMOOTH.clone();
    }

    /** The normalised 1-D derivative kernel (copy); the 2-D x filter is {@code smooth(row) * deriv(col)}. */
    public static float[] derivativeKernel() {
        return DERIV.clone();
    }

    /**
     * Grad over the region ({@code null} = whole image). With a region, only the region's bounding box grown by
     * the kernel radius is filtered; the result is identical to filtering the whole image (the replicated border
     * is only ever used at the image's own edges).
     */
    public static double grad(float[] pred, float[] gt, boolean[] region, int h, int w) {
        Trimap.check(pred, h, w);
        Trimap.check(gt, h, w);
        PixelMetrics.checkPair(pred, gt, region);
        int y0 = 0;
        int y1 = h - 1;
        int x0 = 0;
        int x1 = w - 1;
        if (region != null) {
            y0 = h;
            y1 = -1;
            x0 = w;
            x1 = -1;
            for (int y = 0; y < h; y++) {
                int base = y * w;
                for (int x = 0; x < w; x++) {
                    if (region[base + x]) {
                        y0 = Math.min(y0, y);
                        y1 = y;
                        x0 = Math.min(x0, x);
                        x1 = Math.max(x1, x);
                    }
                }
            }
            if (y1 < 0) {
                return 0;
            }
            int r = SMOOTH.length / 2;
            y0 = Math.max(0, y0 - r);
            y1 = Math.min(h - 1, y1 + r);
            x0 = Math.max(0, x0 - r);
            x1 = Math.min(w - 1, x1 + r);
        }
        int ch = y1 - y0 + 1;
        int cw = x1 - x0 + 1;
        float[] mp = magnitude(crop(pred, w, y0, x0, ch, cw), ch, cw);
        float[] mg = magnitude(crop(gt, w, y0, x0, ch, cw), ch, cw);
        double s = 0;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int i = (y + y0) * w + x + x0;
                if (region == null || region[i]) {
                    double d = mp[y * cw + x] - mg[y * cw + x];
                    s += d * d;
                }
            }
        }
        return s / 1000.0;
    }

    private static float[] crop(float[] a, int w, int y0, int x0, int ch, int cw) {
        if (y0 == 0 && x0 == 0 && cw == w && a.length == ch * cw) {
            return a;
        }
        return Planar.window(a, 1, w, a.length / w, x0, y0, cw, ch, false);
    }

    /** Gradient magnitude {@code sqrt(gx^2 + gy^2)} of a plane with the normalised sigma-1.4 filters. */
    public static float[] magnitude(float[] a, int h, int w) {
        float[] tmp = new float[h * w];
        float[] gx = new float[h * w];
        vertical(a, tmp, h, w, SMOOTH);
        horizontal(tmp, gx, h, w, DERIV);
        float[] gy = new float[h * w];
        horizontal(a, tmp, h, w, SMOOTH);
        vertical(tmp, gy, h, w, DERIV);
        for (int i = 0; i < gx.length; i++) {
            gx[i] = (float) Math.sqrt(gx[i] * gx[i] + gy[i] * gy[i]);
        }
        return gx;
    }

    /** Correlation along rows with replicated borders. */
    static void horizontal(float[] in, float[] out, int h, int w, float[] k) {
        int r = k.length / 2;
        float[] row = new float[w + 2 * r];
        for (int y = 0; y < h; y++) {
            int base = y * w;
            for (int x = 0; x < r; x++) {
                row[x] = in[base];
                row[r + w + x] = in[base + w - 1];
            }
            System.arraycopy(in, base, row, r, w);
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int t = 0; t < k.length; t++) {
                    s += k[t] * row[x + t];
                }
                out[base + x] = s;
            }
        }
    }

    /** Correlation along columns with replicated borders (row-wise accumulation for cache locality). */
    static void vertical(float[] in, float[] out, int h, int w, float[] k) {
        int r = k.length / 2;
        for (int y = 0; y < h; y++) {
            int ob = y * w;
            java.util.Arrays.fill(out, ob, ob + w, 0f);
            for (int t = 0; t < k.length; t++) {
                int yy = Math.min(h - 1, Math.max(0, y + t - r));
                int ib = yy * w;
                float kt = k[t];
                for (int x = 0; x < w; x++) {
                    out[ob + x] += kt * in[ib + x];
                }
            }
        }
    }
}
