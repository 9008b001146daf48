package org.facemat.net;

import java.util.SplittableRandom;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;

/**
 * Seeded initial weights of the uncertainty head, which the RVM weights do not have. The hidden 3x3 conv gets
 * Kaiming-uniform weights; the output conv starts small with a bias that puts sigma near {@link #INITIAL_SIGMA}
 * everywhere: an untrained head says "uniformly unsure" rather than something arbitrary.
 */
public final class UncertaintyHeadInit {
    public static final float INITIAL_SIGMA = 0.05f;

    private UncertaintyHeadInit() {
    }

    /** Adds the head to {@code w} (which must not have one yet), deterministically from {@code seed}. */
    public static void addTo(WeightSet w, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int c = FaceMatArchitecture.HIDDEN_CHANNELS;
        float bound = (float) Math.sqrt(6.0 / (c * 9));
        w.put(FaceMatArchitecture.UNCERTAINTY_HIDDEN + ".weight", uniform(rnd, new long[] {c, c, 3, 3}, bound));
        w.put(FaceMatArchitecture.UNCERTAINTY_HIDDEN + ".bias", new Tensor(new long[] {c}, new float[c]));
        w.put(FaceMatArchitecture.UNCERTAINTY_OUT + ".weight", uniform(rnd, new long[] {1, c, 1, 1}, 0.01f));
        float inverseSoftplus = (float) Math.log(Math.expm1(INITIAL_SIGMA));
        w.put(FaceMatArchitecture.UNCERTAINTY_OUT + ".bias", new Tensor(new long[] {1}, new float[] {inverseSoftplus}));
    }

    public static Tensor uniform(SplittableRandom rnd, long[] shape, float bound) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return new Tensor(shape, v);
    }
}
