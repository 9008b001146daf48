package org.facemat.train.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.facemat.face.LandmarkPrior;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.RecurrentState;
import org.facemat.model.TensorRtCompatibility;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.net.weights.OnnxWeights;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.InitModel;
import org.facemat.train.net.FaceMatForward;
import org.facemat.train.net.FaceMatNetwork;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landmark prior through export: a model that takes it, run by the node in ONNX Runtime (which resizes the prior
 * inside the graph), reproduces the DJL forward (which is given the prior resized by HalfPixelBilinear), with
 * non-zero prior weights; and a widened model with zero prior weights gives the outputs of the model it came from.
 */
class PriorOnnxMatchesDjlTest {
    private static final float TOL_EXACT_PATH = 1e-4f;
    private static final float TOL_REFINED = 2e-3f;

    @TempDir
    static Path dir;
    static NDManager manager;
    static WeightSet plain;
    static WeightSet trained;

    @BeforeAll
    static void weights() throws Exception {
        plain = InitModel.weights(Oracle.modelJson());
        // prior weights as training might leave them: random, large enough to move alpha visibly
        WeightSet wide = FaceMatArchitecture.withPrior(plain);
        float[] stem = wide.get(FaceMatArchitecture.STEM_WEIGHT).data().clone();
        SplittableRandom r = new SplittableRandom(5);
        for (int o = 0; o < 16; o++) {
            for (int k = 0; k < 9; k++) {
                stem[(o * 4 + 3) * 9 + k] = (float) (r.nextDouble() - 0.5);
            }
        }
        wide.put(FaceMatArchitecture.STEM_WEIGHT, new Tensor(new long[] {16, 4, 3, 3}, stem));
        trained = wide;
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        if (manager != null) { // null when the shared data is absent and the class skipped before making it
            manager.close();
        }
    }

    static float[] ovalPrior(int h, int w) {
        float[] oval = new float[72];
        for (int k = 0; k < 36; k++) {
            double a = 2 * Math.PI * k / 36;
            oval[2 * k] = (float) (w * 0.5 + w * 0.2 * Math.cos(a));
            oval[2 * k + 1] = (float) (h * 0.5 + h * 0.35 * Math.sin(a));
        }
        float[] plane = new float[h * w];
        LandmarkPrior.add(plane, h, w, oval, LandmarkPrior.featherFor(oval));
        return plane;
    }

    static float[] randomPlane(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble();
        }
        return v;
    }

    @Test
    void onnxWithPriorMatchesDjl() throws Exception {
        Path file = dir.resolve("prior.onnx");
        FaceMatOnnxExporter.export(trained, InitModel.metadata(), file);
        assertTrue(TensorRtCompatibility.problems(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(
                java.nio.file.Files.readAllBytes(file))).isEmpty());
        // read back for training: the same weights, the 4-channel stem included
        WeightSet back = OnnxWeights.read(file);
        assertArrayEquals(trained.get(FaceMatArchitecture.STEM_WEIGHT).data(),
                back.get(FaceMatArchitecture.STEM_WEIGHT).data());
        FaceMatNetwork network = FaceMatNetwork.forWeights(manager, back);
        try (FaceMatModel onnx = FaceMatModel.open(file)) {
            assertTrue(onnx.takesPrior());
            assertEquals(ModelContract.PRIOR_KIND, onnx.metadata().get(ModelContract.META_PRIOR));
            for (String c : new String[] {"s_72x128_r1.0", "s_72x128_r0.5", "s_67x121_r0.5"}) {
                Tensor t = Oracle.tensor(c, "src");
                int h = (int) t.dim(2);
                int w = (int) t.dim(3);
                float ratio = Oracle.ratio(c);
                float tol = ratio == 1f ? TOL_EXACT_PATH : TOL_REFINED;
                RecurrentState state = RecurrentState.zeros(ModelContract.workingSize(h, ratio),
                        ModelContract.workingSize(w, ratio));
                try (FaceMatForward djl = new FaceMatForward(network, ratio)) {
                    float[][] priors = {ovalPrior(h, w), null, randomPlane(h * w, 3)};
                    for (float[] prior : priors) {
                        MattePlanes o = onnx.run(t.data(), prior, h, w, ratio, state);
                        FaceMatForward.Frame d = djl.next(t.data(), prior, h, w);
                        float da = Oracle.maxAbsDiff(o.alpha(), d.alpha());
                        float ds = Oracle.maxAbsDiff(o.uncertainty(), d.sigma());
                        float dr = 0;
                        for (int i = 0; i < 4; i++) {
                            dr = Math.max(dr, Oracle.maxAbsDiff(state.get(i), d.states()[i]));
                        }
                        System.out.printf("prior ONNX vs DJL %-14s %s: alpha %.2e, uncertainty %.2e, states %.2e%n",
                                c, prior == null ? "none " : "given", da, ds, dr);
                        assertTrue(da <= tol && ds <= tol, c + ": alpha " + da + ", uncertainty " + ds);
                        assertTrue(dr <= TOL_EXACT_PATH, c + ": states " + dr);
                    }
                }
            }
        }
    }

    @Test
    void zeroPriorWeightsExportToTheSameOutputs() throws Exception {
        Path base = dir.resolve("base.onnx");
        Path widened = dir.resolve("widened.onnx");
        FaceMatOnnxExporter.export(plain, InitModel.metadata(), base);
        FaceMatOnnxExporter.export(FaceMatArchitecture.withPrior(plain), InitModel.metadata(), widened);
        try (FaceMatModel a = FaceMatModel.open(base); FaceMatModel b = FaceMatModel.open(widened)) {
            assertFalse(a.takesPrior());
            assertTrue(b.takesPrior());
            for (float ratio : new float[] {1f, 0.5f}) {
                int h = 90;
                int w = 160;
                float[] src = randomPlane(3 * h * w, 17);
                int sh = ModelContract.workingSize(h, ratio);
                int sw = ModelContract.workingSize(w, ratio);
                RecurrentState sa = RecurrentState.zeros(sh, sw);
                RecurrentState sb = RecurrentState.zeros(sh, sw);
                for (int t = 0; t < 2; t++) {
                    MattePlanes pa = a.run(src, h, w, ratio, sa);
                    MattePlanes pb = b.run(src, randomPlane(h * w, 100 + t), h, w, ratio, sb);
                    float d = Math.max(Oracle.maxAbsDiff(pa.alpha(), pb.alpha()),
                            Oracle.maxAbsDiff(pa.uncertainty(), pb.uncertainty()));
                    for (int i = 0; i < 4; i++) {
                        d = Math.max(d, Oracle.maxAbsDiff(sa.get(i), sb.get(i)));
                    }
                    System.out.printf("zero prior weights, ratio %.2f frame %d: max difference %.2e%n", ratio, t, d);
                    assertTrue(d <= 1e-4f, "ratio " + ratio + ": differs by " + d);
                }
            }
        }
    }
}
