package org.facemat.metrics;

import java.util.Arrays;

/**
 * Connectivity error as in the matting benchmarks (Rhemann et al. 2009; the Deep Image Matting evaluation code).
 *
 * <p>For thresholds {@code t_i = i / 10}, {@code i = 1..10}: the joint foreground is
 * {@code pred >= t_i && gt >= t_i}; its largest 4-connected component is {@code omega_i}. Each pixel's level
 * {@code l} is {@code t_{i-1}} for the first {@code i} at which it is not in {@code omega_i}, and 1 if it is in
 * every {@code omega_i}. With {@code d = alpha - l}, {@code phi = 1 - d} where {@code d >= 0.15} and 1 otherwise.
 * {@code Conn = sum over the region of |phi(pred) - phi(gt)| / 1000}. When two components tie for the largest,
 * the one whose first pixel comes first in raster order is taken; an empty joint foreground gives an empty
 * {@code omega}. Components are found by a breadth-first flood fill over an int queue.
 */
public final class ConnectivityError {
    /** Threshold step. */
    public static final double STEP = 0.1;
    /** The phi cut-off. */
    public static final double CUTOFF = 0.15;

    private ConnectivityError() {
    }

    /** Conn over the region ({@code null} = whole image). */
    public static double conn(float[] pred, float[] gt, boolean[] region, int h, int w) {
        Trimap.check(pred, h, w);
        Trimap.check(gt, h, w);
        PixelMetrics.checkPair(pred, gt, region);
        float[] level = levels(pred, gt, h, w);
        double s = 0;
        for (int i = 0; i < pred.length; i++) {
            if (region != null && !region[i]) {
                continue;
            }
            double l = level[i];
            double dp = pred[i] - l;
            double dg = gt[i] - l;
            double phiP = 1 - (dp >= CUTOFF ? dp : 0);
            double phiG = 1 - (dg >= CUTOFF ? dg : 0);
            s += Math.abs(phiP - phiG);
        }
        return s / 1000.0;
    }

    /** The per-pixel level {@code l} (see the class comment). */
    static float[] levels(float[] pred, float[] gt, int h, int w) {
        int n = h * w;
        float[] joint = new float[n];
        for (int i = 0; i < n; i++) {
            joint[i] = Math.min(pred[i], gt[i]);
        }
        float[] level = new float[n];
        Arrays.fill(level, -1f);
        int[] label = new int[n];
        int[] queue = new int[n];
        int steps = (int) Math.round(1 / STEP);
        int next = 0;
        for (int i = 1; i <= steps; i++) {
            double t = i / (double) steps;
            float prev = (float) ((i - 1) / (double) steps);
            // labels are unique across thresholds: anything <= stamp is from an earlier threshold
            int stamp = next;
            int bestLabel = -1;
            int bestSize = 0;
            for (int p = 0; p < n; p++) {
                if (joint[p] < t || label[p] > stamp) {
                    continue;
                }
                int lab = ++next;
                int size = flood(joint, t, label, queue, p, lab, stamp, h, w);
                if (size > bestSize) {
                    bestSize = size;
                    bestLabel = lab;
                }
            }
            for (int p = 0; p < n; p++) {
                if (level[p] == -1f && (bestLabel < 0 || label[p] != bestLabel)) {
                    level[p] = prev;
                }
            }
        }
        for (int p = 0; p < n; p++) {
            if (level[p] == -1f) {
                level[p] = 1f;
            }
        }
        return level;
    }

    private static int flood(float[] joint, double t, int[] label, int[] queue, int seed, int lab, int stamp,
            int h, int w) {
        int head = 0;
        int tail = 0;
        label[seed] = lab;
        queue[tail++] = seed;
        while (head < tail) {
            int p = queue[head++];
            int x = p % w;
            if (x > 0 && joint[p - 1] >= t && label[p - 1] <= stamp) {
                label[p - 1] = lab;
                queue[tail++] = p - 1;
            }
            if (x < w - 1 && joint[p + 1] >= t && label[p + 1] <= stamp) {
                label[p + 1] = lab;
                queue[tail++] = p + 1;
            }
            if (p >= w && joint[p - w] >= t && label[p - w] <= stamp) {
                label[p - w] = lab;
                queue[tail++] = p - w;
            }
            if (p + w < h * w && joint[p + w] >= t && label[p + w] <= stamp) {
                label[p + w] = lab;
                queue[tail++] = p + w;
            }
        }
        return tail;
    }
}
