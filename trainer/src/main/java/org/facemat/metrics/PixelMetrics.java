package org.facemat.metrics;

/**
 * Per-pixel error and binary-mask metrics. All planes are row-major {@code h x w} float alphas in [0, 1]; a
 * {@code region} of {@code null} means the whole image.
 */
public final class PixelMetrics {
    private PixelMetrics() {
    }

    /** Mean squared error over the region (alpha units squared); 0 for an empty region. */
    public static double mse(float[] pred, float[] gt, boolean[] region) {
        checkPair(pred, gt, region);
        double s = 0;
        long n = 0;
        for (int i = 0; i < pred.length; i++) {
            if (region == null || region[i]) {
                double d = pred[i] - gt[i];
                s += d * d;
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    /** Sum of absolute differences over the region, divided by 1000. */
    public static double sad(float[] pred, float[] gt, boolean[] region) {
        checkPair(pred, gt, region);
        double s = 0;
        for (int i = 0; i < pred.length; i++) {
            if (region == null || region[i]) {
                s += Math.abs(pred[i] - gt[i]);
            }
        }
        return s / 1000.0;
    }

    /**
     * Binary scores of {@code pred > 0.5} against {@code gt > 0.5} over the region: {@code [iou, accuracy, recall]}.
     * IoU = TP / (TP + FP + FN), accuracy = (TP + TN) / N, recall = TP / (TP + FN). When the denominator is 0 (no
     * foreground in either, or no ground-truth foreground) IoU and recall are 1 (nothing to find, nothing wrong).
     */
    public static double[] binary(float[] pred, float[] gt, boolean[] region) {
        checkPair(pred, gt, region);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < pred.length; i++) {
            if (region != null && !region[i]) {
                continue;
            }
            boolean p = pred[i] > 0.5f;
            boolean g = gt[i] > 0.5f;
            if (p && g) {
                tp++;
            } else if (p) {
                fp++;
            } else if (g) {
                fn++;
            } else {
                tn++;
            }
        }
        long n = tp + fp + fn + tn;
        double iou = tp + fp + fn == 0 ? 1.0 : (double) tp / (tp + fp + fn);
        double acc = n == 0 ? 1.0 : (double) (tp + tn) / n;
        double rec = tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        return new double[] {iou, acc, rec};
    }

    static void checkPair(float[] pred, float[] gt, boolean[] region) {
        if (pred == null || gt == null || pred.length != gt.length) {
            throw new IllegalArgumentException("prediction and ground truth must have the same size");
        }
        if (region != null && region.length != pred.length) {
            throw new IllegalArgumentException("region must have the size of the planes");
        }
    }
}
