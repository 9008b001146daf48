package org.facemat.metrics;

import java.util.List;

/**
 * Temporal coherence of a matte sequence: dtSSD as in the Robust Video Matting evaluation.
 *
 * <p>For a frame pair {@code (t-1, t)}:
 * {@code dtSSD_t = 100 * sqrt( (1/N) * sum_i ((p_t - p_{t-1}) - (g_t - g_{t-1}))_i^2 )}, with alphas in [0, 1],
 * {@code N} the number of pixels in the region (the whole frame in RVM). The sequence value is the mean of
 * {@code dtSSD_t} over {@code t = 1..T-1} (the first frame has no predecessor). Lower is better; 0 when the
 * prediction changes exactly as the ground truth does.
 */
public final class TemporalMetrics {
    private TemporalMetrics() {
    }

    /** dtSSD of one frame pair over the region ({@code null} = whole frame). */
    public static double dtssd(float[] predT, float[] predPrev, float[] gtT, float[] gtPrev, boolean[] region) {
        PixelMetrics.checkPair(predT, gtT, region);
        PixelMetrics.checkPair(predPrev, gtPrev, region);
        PixelMetrics.checkPair(predT, predPrev, region);
        double s = 0;
        long n = 0;
        for (int i = 0; i < predT.length; i++) {
            if (region == null || region[i]) {
                double d = ((double) predT[i] - predPrev[i]) - ((double) gtT[i] - gtPrev[i]);
                s += d * d;
                n++;
            }
        }
        return n == 0 ? 0 : 100.0 * Math.sqrt(s / n);
    }

    /** Mean dtSSD of a sequence over the whole frames; NaN for fewer than two frames. */
    public static double dtssd(List<float[]> pred, List<float[]> gt) {
        if (pred.size() != gt.size()) {
            throw new IllegalArgumentException("sequences differ in length: " + pred.size() + " vs " + gt.size());
        }
        if (pred.size() < 2) {
            return Double.NaN;
        }
        double s = 0;
        for (int t = 1; t < pred.size(); t++) {
            s += dtssd(pred.get(t), pred.get(t - 1), gt.get(t), gt.get(t - 1), null);
        }
        return s / (pred.size() - 1);
    }
}
