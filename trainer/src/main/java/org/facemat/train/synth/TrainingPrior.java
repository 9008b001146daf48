package org.facemat.train.synth;

import java.util.SplittableRandom;
import org.facemat.face.LandmarkPrior;
import org.facemat.image.Bilinear;
import org.facemat.model.ModelContract;

/**
 * The landmark prior a training sample's network sees, with the errors a real one has.
 *
 * <p>At render time the prior is the face-mesh oval drawn by {@link LandmarkPrior}: 1 inside, 0 outside, a linear
 * ramp {@link LandmarkPrior#FEATHER_FRACTION} of the face wide across the outline. The shared skin labels are that
 * oval times the person matte, so the clean (not yet occluded) skin label of a crop, thresholded at 0.5 and given the
 * same ramp, is the prior the mesh would have drawn there; it covers the face under every occluder, as the mesh's
 * invented jaw does. A network given that exactly would learn to copy it, so it is moved: a whole-sample offset, size
 * and tilt (the mesh's error on a face it has not seen), a small per-frame wobble (its frame-to-frame flicker), now
 * and then a prior on the wrong place (a wrong track), and with {@code dropout} none at all (all
 * {@link ModelContract#PRIOR_UNKNOWN}: no face found), so that the matte never depends on the prior being right.
 *
 * <p>Moving the prior alone teaches the network to distrust it: the label's edge is where the face looks like it ends,
 * so the prior only adds noise, and its weights were seen to drift like a random walk. But the labels' edge is the
 * oval's by definition (forehead to the hairline, cheek to cheek), and on a face the network has not seen the oval is
 * what says where that edge is. So on most samples the two move together ({@code coupled}): the label is shrunk about
 * its centre, by its own factor per axis, and the prior is drawn from the shrunk label with only a small error; where
 * the matte ends is then something only the prior knows.
 *
 * @param dropped  the sample has no prior
 * @param coupled  the label is shrunk by (shrinkX, shrinkY) about its centre, and the prior follows it
 * @param dx       offset, fraction of the face size (the longer side of the label's box)
 * @param scale    size factor about the face centre
 * @param angle    tilt about the face centre, radians
 * @param frameDx  per-frame extra offset, fraction of the face size
 */
public record TrainingPrior(boolean dropped, boolean coupled, double shrinkX, double shrinkY, double dx, double dy,
        double scale, double angle, double[] frameDx, double[] frameDy) {

    /** Offset of a whole sample's prior, standard deviation as a fraction of the face, at jitter 1. */
    static final double SHIFT = 0.03;
    static final double SCALE = 0.04;
    static final double ANGLE_DEG = 3;
    static final double FRAME_SHIFT = 0.006;
    /** Probability of a prior on the wrong place at jitter 1, and how far it is. */
    static final double WRONG = 0.05;
    static final double WRONG_MIN = 0.2;
    static final double WRONG_MAX = 0.35;

    /** Share of the samples whose label and prior move together, at jitter 1; how far the label may shrink. */
    static final double COUPLED = 0.6;
    static final double SHRINK_MIN = 0.88;
    /** The prior's own error on a coupled sample, as a fraction of the uncoupled one. */
    static final double COUPLED_ERROR = 0.3;

    /** Draws every parameter in a fixed order (with jitter and dropout 0 the prior is the label's outline). */
    public static TrainingPrior draw(double jitter, double dropout, int frames, SplittableRandom r) {
        boolean dropped = r.nextDouble() < dropout;
        boolean coupled = r.nextDouble() < COUPLED * jitter;
        double shrinkX = coupled ? r.nextDouble(SHRINK_MIN, 1) : 1;
        double shrinkY = coupled ? r.nextDouble(SHRINK_MIN, 1) : 1;
        jitter *= coupled ? COUPLED_ERROR : 1;
        double dx = r.nextGaussian() * SHIFT * jitter;
        double dy = r.nextGaussian() * SHIFT * jitter;
        double scale = Math.exp(r.nextGaussian() * SCALE * jitter);
        double angle = Math.toRadians(r.nextGaussian() * ANGLE_DEG * jitter);
        if (!coupled && r.nextDouble() < WRONG * jitter) {
            double theta = r.nextDouble(0, 2 * Math.PI);
            double d = r.nextDouble(WRONG_MIN, WRONG_MAX);
            dx += d * Math.cos(theta);
            dy += d * Math.sin(theta);
        }
        double[] fx = new double[frames];
        double[] fy = new double[frames];
        for (int t = 0; t < frames; t++) {
            fx[t] = r.nextGaussian() * FRAME_SHIFT * jitter;
            fy[t] = r.nextGaussian() * FRAME_SHIFT * jitter;
        }
        return new TrainingPrior(dropped, coupled, shrinkX, shrinkY, dx, dy, scale, angle, fx, fy);
    }

    /**
     * The clean skin labels as this sample trains on them: as they are, or (coupled) shrunk about each frame's label
     * centre: the label times its own outline (ramp {@link LandmarkPrior#LABEL_FEATHER}, as the labels were drawn,
     * doubled and clipped at 1) scaled by (shrinkX, shrinkY). Only ever smaller, so the label stays inside the person. In place.
     */
    public void couple(float[][] skin, int size) {
        if (!coupled) {
            return;
        }
        for (float[] plane : skin) {
            int[] b = Synthesizer.skinBox(plane, size);
            if (b == null) {
                continue;
            }
            float[] ramp = boxBlur(inside(plane), size, Math.round(LandmarkPrior.LABEL_FEATHER));
            double cx = (b[0] + b[2] + 1) / 2.0;
            double cy = (b[1] + b[3] + 1) / 2.0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double sx = (x + 0.5 - cx) / shrinkX + cx;
                    double sy = (y + 0.5 - cy) / shrinkY + cy;
                    // twice the ramp, clipped: 1 up to the scaled outline, so a factor of 1 leaves the label as it was
                    plane[y * size + x] *= Math.min(1f, 2 * Bilinear.mixEdge(ramp, 0, size, size, sx - 0.5, sy - 0.5));
                }
            }
        }
    }


    /** The prior of every frame, from the clean skin labels of the crop ({@code size x size} each). */
    public float[][] planes(float[][] skin, int size) {
        float[][] out = new float[skin.length][];
        for (int t = 0; t < skin.length; t++) {
            out[t] = plane(skin[t], size, t);
        }
        return out;
    }

    private float[] plane(float[] skin, int size, int t) {
        float[] out = new float[size * size];
        if (dropped) {
            java.util.Arrays.fill(out, ModelContract.PRIOR_UNKNOWN);
            return out;
        }
        int[] b = Synthesizer.skinBox(skin, size);
        if (b == null) {
            return out; // no face in the crop: the mesh would have found none either, and nothing is drawn
        }
        int x0 = b[0];
        int y0 = b[1];
        int x1 = b[2];
        int y1 = b[3];
        double face = Math.max(x1 - x0 + 1, y1 - y0 + 1);
        float feather = (float) Math.max(LandmarkPrior.MIN_FEATHER, LandmarkPrior.FEATHER_FRACTION * face);
        // a box filter as wide as the feather turns the step at the outline into LandmarkPrior's linear ramp
        float[] ramp = boxBlur(inside(skin), size, Math.max(1, Math.round(feather)));
        double cx = (x0 + x1 + 1) / 2.0;
        double cy = (y0 + y1 + 1) / 2.0;
        double ox = (dx + frameDx[t]) * face;
        double oy = (dy + frameDy[t]) * face;
        double cos = Math.cos(-angle);
        double sin = Math.sin(-angle);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                // output pixel -> where it comes from: undo the offset, the tilt and the size about the face centre
                double px = x + 0.5 - cx - ox;
                double py = y + 0.5 - cy - oy;
                double sx = (cos * px - sin * py) / scale + cx;
                double sy = (sin * px + cos * py) / scale + cy;
                out[y * size + x] = Bilinear.mixEdge(ramp, 0, size, size, sx - 0.5, sy - 0.5);
            }
        }
        return out;
    }

    /** 1 where the label is above one half, else 0: the outline both the prior and the coupling start from. */
    private static float[] inside(float[] label) {
        float[] in = new float[label.length];
        for (int i = 0; i < label.length; i++) {
            in[i] = label[i] > 0.5f ? 1f : 0f;
        }
        return in;
    }

    /**
     * Separable box filter of width {@code w} (rounded up to odd), edge-clamped: a face cut by the crop's border goes
     * on beyond it, as the mesh's oval does.
     */
    static float[] boxBlur(float[] a, int size, int w) {
        int r = w / 2;
        float[] tmp = new float[a.length];
        float[] out = new float[a.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sum = 0;
                for (int d = -r; d <= r; d++) {
                    sum += a[y * size + clamp(x + d, size)];
                }
                tmp[y * size + x] = (float) (sum / (2 * r + 1));
            }
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sum = 0;
                for (int d = -r; d <= r; d++) {
                    sum += tmp[clamp(y + d, size) * size + x];
                }
                out[y * size + x] = (float) (sum / (2 * r + 1));
            }
        }
        return out;
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }
}
