package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.stream.Stream;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.model.ModelContract;
import org.facemat.net.weights.Tensor;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The DJL network with the RVM weights against the outputs of the TFJS model itself. */
class FaceMatNetworkOracleTest {
    private static final String[] STATES = {"r1o", "r2o", "r3o", "r4o"};
    private static NDManager manager;
    private static FaceMatNetwork network;

    @BeforeAll
    static void load() throws Exception {
        manager = NDManager.newBaseManager();
        network = FaceMatNetwork.fromRvmFile(manager, Oracle.modelJson(), 1);
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    static Stream<String> singleCases() {
        return Stream.of(Oracle.SINGLE_CASES);
    }

    static Stream<String> sequences() {
        return Stream.of(Oracle.SEQUENCES);
    }

    /** Working image of a case with the product's downsampler. */
    static float[] workingImage(Tensor src, float ratio) {
        int height = (int) src.dim(2);
        int width = (int) src.dim(3);
        int h = ModelContract.workingSize(height, ratio);
        int w = ModelContract.workingSize(width, ratio);
        return h == height && w == width ? src.data() : HalfPixelBilinear.resize(src.data(), 3, height, width, h, w);
    }

    @ParameterizedTest
    @MethodSource("singleCases")
    void singleFrameMatchesTheReference(String name) throws Exception {
        Tensor src = Oracle.tensor(name, "src");
        float ratio = Oracle.ratio(name);
        boolean refined = ratio != 1f;
        Tensor smRef = Oracle.tensor(name, "cond_output__660");
        float[] sm = workingImage(src, ratio);
        float smDiff = Oracle.maxAbsDiff(smRef.data(), sm);
        assertTrue(smDiff <= 1e-6f, name + ": src_sm differs from the graph's resize by " + smDiff);

        StringBuilder report = new StringBuilder(String.format("%-14s src_sm %.2g", name, smDiff));
        try (NDManager m = manager.newSubManager()) {
            NDArray full = m.create(src.data(), new Shape(src.shape()));
            NDArray small = m.create(sm, new Shape(smRef.shape()));
            FaceMatOutputs out = network.run(new ParameterStore(m, false), new NDList(full, small), false);
            check(report, name, "pha", out.alpha(), refined ? 2e-3f : 1e-4f);
            check(report, name, "fgr", out.fgr(), refined ? 5e-4f : 1e-4f);
            for (int i = 0; i < 4; i++) {
                check(report, name, STATES[i], out.states().get(i), 1e-4f);
            }
            check(report, name, "split_0", out.fgrResidual(), 1e-4f);
            check(report, name, "split_1", out.rawAlpha(), 1e-4f);
        }
        System.out.println(report);
    }

    @ParameterizedTest
    @MethodSource("sequences")
    void sequenceWithFedBackStatesMatchesTheReference(String sequence) throws Exception {
        float ratio = Oracle.ratio(sequence);
        boolean refined = ratio != 1f;
        try (FaceMatForward forward = new FaceMatForward(network, ratio)) {
            for (int t = 0; t < 3; t++) {
                String name = sequence + "_t" + t;
                Tensor src = Oracle.tensor(name, "src");
                FaceMatForward.Frame f = forward.next(src.data(), (int) src.dim(2), (int) src.dim(3));
                StringBuilder report = new StringBuilder(String.format("%-14s", name));
                check(report, name, "pha", f.alpha(), refined ? 2e-3f : 1e-4f);
                check(report, name, "fgr", f.fgr(), refined ? 5e-4f : 1e-4f);
                for (int i = 0; i < 4; i++) {
                    check(report, name, STATES[i], f.states()[i], 1e-4f);
                }
                System.out.println(report);
            }
        }
    }

    @Test
    void uncertaintyIsAFiniteNonNegativeFullResolutionMap() throws Exception {
        for (String name : new String[] {"s_72x128_r1.0", "s_67x121_r0.5"}) {
            Tensor src = Oracle.tensor(name, "src");
            float ratio = Oracle.ratio(name);
            int height = (int) src.dim(2);
            int width = (int) src.dim(3);
            try (NDManager m = manager.newSubManager()) {
                float[] sm = workingImage(src, ratio);
                NDArray full = m.create(src.data(), new Shape(src.shape()));
                NDArray small = m.create(sm, new Shape(1, 3, ModelContract.workingSize(height, ratio),
                        ModelContract.workingSize(width, ratio)));
                FaceMatOutputs out = network.run(new ParameterStore(m, false), new NDList(full, small), false);
                assertEquals(new Shape(1, 1, height, width), out.sigma().getShape(), name);
                float[] sigma = out.sigma().toFloatArray();
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float v : sigma) {
                    assertTrue(Float.isFinite(v) && v >= 0f, name + ": sigma " + v);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                assertTrue(max > min, name + ": sigma is constant " + min);
                float[] low = out.lowSigma().toFloatArray();
                if (ratio == 1f) {
                    assertArrayEquals(low, sigma, name + ": at ratio 1 sigma is the head's output");
                } else {
                    // the refiner, not a plain enlargement, made the full-resolution map
                    float[] stretched = HalfPixelBilinear.resize(low, 1, (int) out.lowSigma().getShape().get(2),
                            (int) out.lowSigma().getShape().get(3), height, width);
                    assertTrue(Oracle.maxAbsDiff(stretched, sigma) > 1e-6f, name);
                }
                System.out.printf("%s sigma in [%.4g, %.4g]%n", name, min, max);
            }
        }
    }

    private static void check(StringBuilder report, String name, String what, NDArray got, float tolerance)
            throws Exception {
        Tensor ref = Oracle.tensor(name, what);
        assertArrayEquals(ref.shape(), got.getShape().getShape(), name + " " + what + " shape");
        check(report, name, what, got.toFloatArray(), tolerance);
    }

    private static void check(StringBuilder report, String name, String what, float[] got, float tolerance)
            throws Exception {
        Tensor ref = Oracle.tensor(name, what);
        float diff = Oracle.maxAbsDiff(ref.data(), got);
        report.append(String.format("  %s %.2g", what, diff));
        assertTrue(diff <= tolerance, name + " " + what + ": max |diff| " + diff + " > " + tolerance + " (shape "
                + Arrays.toString(ref.shape()) + ")");
    }
}
