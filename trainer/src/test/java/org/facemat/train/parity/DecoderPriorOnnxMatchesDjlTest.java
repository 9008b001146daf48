package org.facemat.train.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.RecurrentState;
import org.facemat.model.TensorRtCompatibility;
import org.facemat.model.file.ModelMetadata;
import org.facemat.model.file.PriorModel;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.PriorInputs;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.net.weights.OnnxWeights;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.InitModel;
import org.facemat.train.ShippedModelFiles;
import org.facemat.train.net.FaceMatForward;
import org.facemat.train.net.FaceMatNetwork;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder prior through export: ONNX Runtime on a model that takes the prior at the stem and in the decoder, with
 * non-zero decoder prior weights, reproduces the DJL forward (even and odd working sizes, so both branches of
 * decode0); the weights read back are the ones written; and the shipped model widened by {@code add-prior} gives the
 * shipped model's outputs.
 */
class DecoderPriorOnnxMatchesDjlTest {
    private static final float TOL_EXACT_PATH = 1e-4f;
    private static final float TOL_REFINED = 2e-3f;

    @TempDir
    static Path dir;
    static NDManager manager;
    static WeightSet trained;

    @BeforeAll
    static void weights() throws Exception {
        // the RVM network (it mattes the people of the reference frames, so alpha is not 0 everywhere) with prior
        // weights at the stem and in the decoder as training might leave them: random, as large on average as the
        // image's weights of the same conv, which moves alpha visibly
        WeightSet wide = FaceMatArchitecture.widenedTo(InitModel.weights(Oracle.modelJson()),
                PriorInputs.STEM_AND_DECODER);
        SplittableRandom r = new SplittableRandom(9);
        for (Map.Entry<String, Integer> c : FaceMatArchitecture.priorChannels(PriorInputs.STEM_AND_DECODER)
                .entrySet()) {
            Tensor t = wide.get(c.getKey());
            float[] v = t.data().clone();
            int in = (int) t.dim(1);
            double imageMeanAbs = 0;
            int image = 0;
            for (int i = 0; i < v.length; i++) {
                int channel = (i / 9) % in;
                if (channel >= c.getValue() - 3 && channel < c.getValue()) {
                    imageMeanAbs += Math.abs(v[i]);
                    image++;
                }
            }
            imageMeanAbs /= image;
            for (int i = 0; i < v.length; i++) {
                if ((i / 9) % in == c.getValue()) {
                    v[i] = (float) ((r.nextDouble() * 2 - 1) * 2 * imageMeanAbs); // mean |v| = imageMeanAbs
                }
            }
            wide.put(c.getKey(), new Tensor(t.shape(), v));
        }
        trained = wide;
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void onnxWithDecoderPriorMatchesDjl() throws Exception {
        Path file = dir.resolve("decoder-prior.onnx");
        FaceMatOnnxExporter.export(trained, InitModel.metadata(), file);
        assertTrue(TensorRtCompatibility.problems(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(
                Files.readAllBytes(file))).isEmpty());
        // read back for training: every weight as written, the decoder's prior channels joined from their parts
        WeightSet back = OnnxWeights.read(file);
        assertEquals(PriorInputs.STEM_AND_DECODER, FaceMatArchitecture.priorInputs(back));
        for (String name : FaceMatArchitecture.priorChannels(PriorInputs.STEM_AND_DECODER).keySet()) {
            assertArrayEquals(trained.get(name).data(), back.get(name).data(), name);
        }
        FaceMatNetwork network = FaceMatNetwork.forWeights(manager, back);
        assertEquals(PriorInputs.STEM_AND_DECODER, network.priorInputs());
        try (FaceMatModel onnx = FaceMatModel.open(file)) {
            assertTrue(onnx.takesPrior());
            assertEquals(ModelContract.PRIOR_KIND, onnx.metadata().get(ModelContract.META_PRIOR));
            assertEquals("stem, decoder", onnx.metadata().get(ModelMetadata.META_PRIOR_INPUTS));
            for (String c : new String[] {"s_72x128_r1.0", "s_72x128_r0.5", "s_67x121_r0.5", "s_67x121_r1.0"}) {
                Tensor t = Oracle.tensor(c, "src");
                int h = (int) t.dim(2);
                int w = (int) t.dim(3);
                float ratio = Oracle.ratio(c);
                float tol = ratio == 1f ? TOL_EXACT_PATH : TOL_REFINED;
                RecurrentState state = RecurrentState.zeros(ModelContract.workingSize(h, ratio),
                        ModelContract.workingSize(w, ratio));
                try (FaceMatForward djl = new FaceMatForward(network, ratio)) {
                    float[][] priors = {PriorOnnxMatchesDjlTest.ovalPrior(h, w), null,
                        PriorOnnxMatchesDjlTest.randomPlane(h * w, 4)};
                    for (float[] prior : priors) {
                        MattePlanes o = onnx.run(t.data(), prior, h, w, ratio, state);
                        FaceMatForward.Frame d = djl.next(t.data(), prior, h, w);
                        float da = Oracle.maxAbsDiff(o.alpha(), d.alpha());
                        float ds = Oracle.maxAbsDiff(o.uncertainty(), d.sigma());
                        float dr = 0;
                        for (int i = 0; i < 4; i++) {
                            dr = Math.max(dr, Oracle.maxAbsDiff(state.get(i), d.states()[i]));
                        }
                        System.out.printf("decoder prior ONNX vs DJL %-14s %s: alpha %.2e, uncertainty %.2e, "
                                + "states %.2e%n", c, prior == null ? "none " : "given", da, ds, dr);
                        assertTrue(da <= tol && ds <= tol, c + ": alpha " + da + ", uncertainty " + ds);
                        assertTrue(dr <= TOL_EXACT_PATH, c + ": states " + dr);
                    }
                }
            }
        }
    }

    @Test
    void theShippedModelWidenedGivesItsOutputs() throws Exception {
        Path shipped = ShippedModelFiles.stemPrior();
        Path widened = dir.resolve("widened.onnx");
        assertEquals(PriorInputs.STEM, PriorModel.addPrior(shipped, widened));
        assertEquals(PriorInputs.STEM_AND_DECODER, FaceMatArchitecture.priorInputs(OnnxWeights.read(widened)));
        try (FaceMatModel a = FaceMatModel.open(shipped); FaceMatModel b = FaceMatModel.open(widened)) {
            assertEquals(a.metadata().get(ModelContract.META_VERSION), b.metadata().get(ModelContract.META_VERSION));
            assertEquals("stem, decoder", b.metadata().get(ModelMetadata.META_PRIOR_INPUTS));
            for (float ratio : new float[] {1f, 0.5f}) {
                int h = 90;
                int w = 160;
                float[] src = PriorOnnxMatchesDjlTest.randomPlane(3 * h * w, 23);
                int sh = ModelContract.workingSize(h, ratio);
                int sw = ModelContract.workingSize(w, ratio);
                RecurrentState sa = RecurrentState.zeros(sh, sw);
                RecurrentState sb = RecurrentState.zeros(sh, sw);
                for (int t = 0; t < 2; t++) {
                    float[] prior = t == 0 ? PriorOnnxMatchesDjlTest.ovalPrior(h, w)
                            : PriorOnnxMatchesDjlTest.randomPlane(h * w, 200 + t);
                    MattePlanes pa = a.run(src, prior, h, w, ratio, sa);
                    MattePlanes pb = b.run(src, prior, h, w, ratio, sb);
                    float d = Math.max(Oracle.maxAbsDiff(pa.alpha(), pb.alpha()),
                            Oracle.maxAbsDiff(pa.uncertainty(), pb.uncertainty()));
                    for (int i = 0; i < 4; i++) {
                        d = Math.max(d, Oracle.maxAbsDiff(sa.get(i), sb.get(i)));
                    }
                    System.out.printf("shipped model with zero decoder prior weights, ratio %.2f frame %d: max "
                            + "difference %.2e%n", ratio, t, d);
                    assertTrue(d <= 1e-5f, "ratio " + ratio + ": differs by " + d);
                }
            }
        }
        // the prior everywhere already: refused, nothing written
        Path again = dir.resolve("again.onnx");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> PriorModel.addPrior(widened, again));
        assertEquals(widened + ": the model takes the landmark prior at the stem and in the decoder already",
                e.getMessage());
        assertFalse(Files.exists(again));
    }
}
