package org.facemat.train.eval;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import org.facemat.metrics.MatteMetrics;
import org.facemat.metrics.Trimap;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.RecurrentState;
import org.facemat.train.synth.EvalSplit;

/**
 * Measures a model (through the node's ONNX Runtime session, as renders run it) or the skin-label baseline on the
 * fixed evaluation split. One implementation for {@code facemat eval} and the trainer's validation.
 */
public final class SplitEvaluation {

    /** Called after each sample, e.g. to print it. */
    public interface SampleListener {
        void sample(int index, boolean occluded, MatteMetrics band, MatteMetrics full);
    }

    /** Means over the unknown band and over the whole image. */
    public static final class Totals {
        public final MatteMetrics.Accumulator band = new MatteMetrics.Accumulator();
        public final MatteMetrics.Accumulator full = new MatteMetrics.Accumulator();

        public void add(MatteMetrics b, MatteMetrics f) {
            band.add(b);
            full.add(f);
        }

        /** {@code {"band": ..., "full": ...}} of the means, or JSON null when nothing was added. */
        public com.google.gson.JsonElement json() {
            if (band.frames() == 0) {
                return com.google.gson.JsonNull.INSTANCE;
            }
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.add("band", band.mean().json());
            o.add("full", full.mean().json());
            return o;
        }
    }

    /** All samples, and the occluded and unoccluded subsets. */
    public record Result(int samples, Totals all, Totals occluded, Totals unoccluded, double seconds) {
        public double bandMse() {
            return all.band.mean().mse();
        }

        public double iou() {
            return all.full.mean().iou();
        }

        /** Spearman correlation of sigma with |error| over the band (NaN for the baseline). */
        public double spearman() {
            return all.band.mean().spearman();
        }
    }

    private SplitEvaluation() {
    }

    /** The metrics over the ground truth's unknown band (the band of every evaluation). */
    static MatteMetrics bandMetrics(float[] pred, float[] gt, float[] sigma, int h, int w) {
        return MatteMetrics.of(pred, gt, sigma, Trimap.unknownBand(gt, h, w), h, w);
    }

    /** Mattes one sample: its planar RGB of size x size, run {@code passes} times with the state carried. */
    @FunctionalInterface
    public interface SampleMatter {
        MattePlanes matte(float[] rgb, int size, int passes) throws OrtException;
    }

    /**
     * @param model  the model, or null for the skin-label baseline (the label before the occluder is removed)
     * @param passes frames run per sample with the state carried (1 = a first frame)
     */
    public static Result run(FaceMatModel model, EvalSplit.EvalSet set, int count, float ratio, int passes,
                             SampleListener listener) throws IOException, OrtException {
        return run(model, set, count, ratio, passes, k -> true, listener);
    }

    /** The same over the samples among the first {@code count} that {@code include} accepts. */
    public static Result run(FaceMatModel model, EvalSplit.EvalSet set, int count, float ratio, int passes,
                             java.util.function.IntPredicate include, SampleListener listener)
            throws IOException, OrtException {
        int wh = ModelContract.workingSize(set.size(), ratio);
        SampleMatter matter = model == null ? null : (rgb, size, n) -> {
            RecurrentState state = RecurrentState.zeros(wh, wh);
            MattePlanes p = null;
            for (int i = 0; i < n; i++) {
                p = model.run(rgb, size, size, ratio, state);
            }
            return p;
        };
        return run(matter, set, count, passes, include, listener);
    }

    /**
     * The same with any way of matting a sample (the node's face path, say).
     *
     * @param matter how a sample is matted, or null for the skin-label baseline
     */
    public static Result run(SampleMatter matter, EvalSplit.EvalSet set, int count, int passes,
                             SampleListener listener) throws IOException, OrtException {
        return run(matter, set, count, passes, k -> true, listener);
    }

    /** The same over the samples among the first {@code count} that {@code include} accepts. */
    public static Result run(SampleMatter matter, EvalSplit.EvalSet set, int count, int passes,
                             java.util.function.IntPredicate include, SampleListener listener)
            throws IOException, OrtException {
        int s = set.size();
        if (count > set.count()) {
            throw new IllegalArgumentException(set.folder() + ": the split has " + set.count() + " samples, fewer than "
                    + count);
        }
        Totals all = new Totals();
        Totals occ = new Totals();
        Totals clear = new Totals();
        long t0 = System.nanoTime();
        int measured = 0;
        for (int k = 0; k < count; k++) {
            if (!include.test(k)) {
                continue;
            }
            measured++;
            float[] gt = set.gt(k);
            float[] pred;
            float[] sigma = null;
            if (matter != null) {
                MattePlanes p = matter.matte(set.rgb(k), s, passes);
                pred = p.alpha().clone();
                sigma = p.uncertainty() == null ? null : p.uncertainty().clone();
            } else {
                pred = set.skin(k);
            }
            MatteMetrics b = bandMetrics(pred, gt, sigma, s, s);
            MatteMetrics f = MatteMetrics.of(pred, gt, sigma, null, s, s);
            all.add(b, f);
            boolean occluded = set.occluded(k);
            (occluded ? occ : clear).add(b, f);
            if (listener != null) {
                listener.sample(k, occluded, b, f);
            }
        }
        return new Result(measured, all, occ, clear, (System.nanoTime() - t0) / 1e9);
    }
}
