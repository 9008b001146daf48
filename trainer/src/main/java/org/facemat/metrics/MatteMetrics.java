package org.facemat.metrics;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * All evaluation numbers for one frame, or their mean over frames.
 *
 * <p>{@code mse}, {@code sad}, {@code grad}, {@code conn} are over the evaluation region (the trimap unknown band
 * when one is given, else the whole image); {@code mseFull} and {@code sadFull} are over the whole image;
 * {@code iou}, {@code accuracy}, {@code recall} are over the whole image; {@code spearman} and {@code ause} are over
 * the region and NaN without an uncertainty plane; {@code dtssd} is NaN for a single frame and is set for
 * sequences. See docs/metrics.md for definitions and units.
 *
 * @param frames number of frames averaged (1 for one frame)
 */
public record MatteMetrics(int frames, double mse, double sad, double mseFull, double sadFull, double grad,
        double conn, double iou, double accuracy, double recall, double spearman, double ause, double dtssd) {

    private static final String[] NAMES = {"mse", "sad", "mse_full", "sad_full", "grad", "conn", "iou", "accuracy",
        "recall", "spearman", "ause", "dtssd"};
    private static final String[] BETTER = {"lower", "lower", "lower", "lower", "lower", "lower", "higher", "higher",
        "higher", "higher", "lower", "lower"};

    /**
     * Computes every per-frame metric.
     *
     * @param pred   predicted alpha, {@code h x w}, in [0, 1]
     * @param gt     ground-truth alpha, {@code h x w}, in [0, 1]
     * @param sigma  uncertainty plane ({@code sigma >= 0}) or {@code null}
     * @param region evaluation region (e.g. {@link Trimap#unknownBand}) or {@code null} for the whole image
     */
    public static MatteMetrics of(float[] pred, float[] gt, float[] sigma, boolean[] region, int h, int w) {
        Trimap.check(pred, h, w);
        Trimap.check(gt, h, w);
        PixelMetrics.checkPair(pred, gt, region);
        double[] bin = PixelMetrics.binary(pred, gt, null);
        double sp = Double.NaN;
        double au = Double.NaN;
        if (sigma != null) {
            UncertaintyMetrics.Samples s = UncertaintyMetrics.Samples.of(pred, gt, sigma, region);
            double[] u = UncertaintyMetrics.spearmanAndAuse(s.sigma, s.err, UncertaintyMetrics.DEFAULT_STEPS);
            sp = u[0];
            au = u[1];
        }
        return new MatteMetrics(1, PixelMetrics.mse(pred, gt, region), PixelMetrics.sad(pred, gt, region),
                PixelMetrics.mse(pred, gt, null), PixelMetrics.sad(pred, gt, null),
                GradError.grad(pred, gt, region, h, w), ConnectivityError.conn(pred, gt, region, h, w),
                bin[0], bin[1], bin[2], sp, au, Double.NaN);
    }

    /** The same numbers with {@code dtssd} replaced. */
    public MatteMetrics withDtssd(double value) {
        return new MatteMetrics(frames, mse, sad, mseFull, sadFull, grad, conn, iou, accuracy, recall, spearman,
                ause, value);
    }

    /** The values in the order of {@link #names()}. */
    public double[] values() {
        return new double[] {mse, sad, mseFull, sadFull, grad, conn, iou, accuracy, recall, spearman, ause, dtssd};
    }

    /** Metric names as used in JSON and the table. */
    public static String[] names() {
        return NAMES.clone();
    }

    /** The metrics as a JSON object: {@code frames}, then each metric by {@link #names()}; NaN (not computed) is null. */
    public JsonObject json() {
        JsonObject o = new JsonObject();
        o.addProperty("frames", frames);
        double[] v = values();
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                o.addProperty(NAMES[i], v[i]);
            } else {
                o.add(NAMES[i], JsonNull.INSTANCE);
            }
        }
        return o;
    }

    /** {@link #json()} on one line. */
    public String toJson() {
        return new GsonBuilder().serializeNulls().create().toJson(json());
    }

    /** A readable table: metric, value, which direction is better. */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s %14s  %s%n", "metric", "value", "better"));
        double[] v = values();
        for (int i = 0; i < v.length; i++) {
            String s = Double.isFinite(v[i]) ? String.format(Locale.ROOT, "%14.6f", v[i]) : String.format("%14s", "-");
            b.append(String.format(Locale.ROOT, "%-10s %s  %s%n", NAMES[i], s, BETTER[i]));
        }
        b.append(String.format(Locale.ROOT, "%-10s %14d%n", "frames", frames));
        return b.toString();
    }

    /**
     * Averages metrics over many frames. Each metric is averaged over the frames where it is defined (NaN values,
     * such as a missing uncertainty plane or dtSSD of a single frame, are skipped for that metric only).
     */
    public static final class Accumulator {
        private final double[] sum = new double[NAMES.length];
        private final long[] count = new long[NAMES.length];
        private int frames;
        private float[] prevPred;
        private float[] prevGt;

        /** Adds one frame's metrics (or an already averaged block, weighted by its frame count). */
        public synchronized Accumulator add(MatteMetrics m) {
            double[] v = m.values();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isNaN(v[i])) {
                    sum[i] += v[i] * m.frames();
                    count[i] += m.frames();
                }
            }
            frames += m.frames();
            return this;
        }

        /** Computes and adds one frame. */
        public MatteMetrics add(float[] pred, float[] gt, float[] sigma, boolean[] region, int h, int w) {
            MatteMetrics m = of(pred, gt, sigma, region, h, w);
            add(m);
            return m;
        }

        /**
         * Computes and adds the next frame of a sequence; from the second frame on, its {@code dtssd} is that of the
         * pair (previous, this) over the whole frame, so the mean dtSSD is RVM's sequence value. The planes are
         * copied, so callers may recycle their arrays. Call {@link #endSequence()} between sequences.
         */
        public MatteMetrics addSequenceFrame(float[] pred, float[] gt, float[] sigma, boolean[] region, int h,
                int w) {
            MatteMetrics m = of(pred, gt, sigma, region, h, w);
            synchronized (this) {
                if (prevPred != null && prevPred.length == pred.length) {
                    m = m.withDtssd(TemporalMetrics.dtssd(pred, prevPred, gt, prevGt, null));
                }
                prevPred = pred.clone();
                prevGt = gt.clone();
            }
            add(m);
            return m;
        }

        /** Forgets the previous frame: the next {@link #addSequenceFrame} starts a new sequence. */
        public synchronized void endSequence() {
            prevPred = null;
            prevGt = null;
        }

        /** Number of frames added. */
        public synchronized int frames() {
            return frames;
        }

        /** The mean; NaN for a metric no frame defined. */
        public synchronized MatteMetrics mean() {
            double[] m = new double[NAMES.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
            }
            return new MatteMetrics(frames, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11]);
        }
    }
}
