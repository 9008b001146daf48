package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.UncertaintyHeadInit;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A network widened to take the landmark prior, with the prior's stem weights at zero, computes what the network
 * without it computes, whatever the prior: training can start from it with nothing lost.
 */
class LandmarkPriorInputTest {
    private static final float TOL = 1e-5f;
    private static NDManager manager;
    private static WeightSet plain;
    private static FaceMatNetwork without;
    private static FaceMatNetwork with;

    @BeforeAll
    static void build() throws Exception {
        manager = NDManager.newBaseManager();
        WeightSet w = org.facemat.train.rvm.RvmWeightImporter.importFile(Oracle.modelJson());
        UncertaintyHeadInit.addTo(w, 7);
        plain = w;
        without = FaceMatNetwork.forWeights(manager, plain);
        with = FaceMatNetwork.forWeights(manager, FaceMatArchitecture.withPrior(plain));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return v;
    }

    @Test
    void theSwitchIsInTheLayerTable() {
        assertFalse(without.takesPrior());
        assertTrue(with.takesPrior());
        assertArrayEquals(new long[] {16, 4, 3, 3},
                FaceMatArchitecture.parameterShapes(true, true).get(FaceMatArchitecture.STEM_WEIGHT));
        WeightSet wide = with.exportWeights();
        assertTrue(FaceMatArchitecture.takesPrior(wide));
        assertThrows(IllegalArgumentException.class, () -> FaceMatArchitecture.withPrior(wide));
        // 3-channel weights into a prior network: the message says which network they fit
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with.loadWeights(plain));
        assertTrue(e.getMessage().contains("landmark prior"), e.getMessage());
    }

    @Test
    void zeroPriorWeightsChangeNothingWhateverThePrior() throws Exception {
        for (String c : new String[] {"s_72x128_r1.0", "s_67x121_r0.5"}) {
            float[] src = Oracle.tensor(c, "src").data();
            int h = (int) Oracle.tensor(c, "src").dim(2);
            int w = (int) Oracle.tensor(c, "src").dim(3);
            float ratio = Oracle.ratio(c);
            try (FaceMatForward a = new FaceMatForward(without, ratio);
                 FaceMatForward b = new FaceMatForward(with, ratio);
                 FaceMatForward none = new FaceMatForward(with, ratio)) {
                for (int t = 0; t < 2; t++) {
                    FaceMatForward.Frame ref = a.next(src, h, w);
                    FaceMatForward.Frame got = b.next(src, random(h * w, 31 + t), h, w);
                    FaceMatForward.Frame unknown = none.next(src, h, w);
                    float d = Math.max(Oracle.maxAbsDiff(ref.alpha(), got.alpha()),
                            Oracle.maxAbsDiff(ref.sigma(), got.sigma()));
                    float du = Math.max(Oracle.maxAbsDiff(ref.alpha(), unknown.alpha()),
                            Oracle.maxAbsDiff(ref.sigma(), unknown.sigma()));
                    for (int i = 0; i < 4; i++) {
                        d = Math.max(d, Oracle.maxAbsDiff(ref.states()[i], got.states()[i]));
                    }
                    System.out.printf("prior with zero weights, %s frame %d: max difference %.2e (no prior %.2e)%n",
                            c, t, d, du);
                    assertTrue(d <= TOL, c + ": differs by " + d);
                    assertTrue(du <= TOL, c + ": differs by " + du);
                }
            }
        }
    }

    @Test
    void priorWeightsReachTheOutput() throws Exception {
        WeightSet wide = FaceMatArchitecture.withPrior(plain);
        float[] stem = wide.get(FaceMatArchitecture.STEM_WEIGHT).data().clone();
        for (int o = 0; o < 16; o++) {
            for (int k = 0; k < 9; k++) {
                stem[(o * 4 + 3) * 9 + k] = 0.5f;
            }
        }
        wide.put(FaceMatArchitecture.STEM_WEIGHT, new org.facemat.net.weights.Tensor(new long[] {16, 4, 3, 3},
                stem));
        FaceMatNetwork trained = FaceMatNetwork.forWeights(manager, wide);
        float[] src = Oracle.tensor("s_72x128_r1.0", "src").data();
        try (FaceMatForward f = new FaceMatForward(trained, 1f)) {
            float[] a = f.next(src, new float[72 * 128], 72, 128).alpha();
            f.reset();
            float[] b = f.next(src, null, 72, 128).alpha();
            assertTrue(Oracle.maxAbsDiff(a, b) > 1e-3f, "the prior changes nothing");
        }
        assertEquals(4, FaceMatArchitecture.stemInputs(true));
    }
}
