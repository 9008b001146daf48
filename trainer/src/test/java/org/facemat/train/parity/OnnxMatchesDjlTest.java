package org.facemat.train.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.RecurrentState;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.onnx.FaceMatOnnxExporter;
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
 * The exported ONNX file, run by the node in ONNX Runtime, reproduces the trainer's DJL forward of the same weights:
 * alpha, uncertainty and the states, on the oracle inputs (single frames and 3-frame sequences, ratio 1 and < 1) and
 * on a 1920x1080 frame at ratio 0.25.
 */
class OnnxMatchesDjlTest {
    private static final float TOL_EXACT_PATH = 1e-4f;   // ratio 1: no refiner
    private static final float TOL_REFINED = 2e-3f;      // the guided filter amplifies float32 noise
    private static final float TOL_STATES = 1e-4f;

    @TempDir
    static Path dir;
    static NDManager manager;
    static FaceMatNetwork network;
    static FaceMatModel onnx;

    @BeforeAll
    static void export() throws Exception {
        WeightSet w = InitModel.weights(Oracle.modelJson());
        // a head with larger random output weights, so that the uncertainty varies over the image and is compared
        SplittableRandom rnd = new SplittableRandom(11);
        float[] v = new float[FaceMatArchitecture.HIDDEN_CHANNELS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() - 0.5);
        }
        w.put(FaceMatArchitecture.UNCERTAINTY_OUT + ".weight", new Tensor(new long[] {1, v.length, 1, 1}, v));
        Path file = dir.resolve("parity.onnx");
        FaceMatOnnxExporter.export(w, InitModel.metadata(), file);
        onnx = FaceMatModel.open(file);
        manager = NDManager.newBaseManager();
        network = FaceMatNetwork.create(manager);
        network.loadWeights(w);
    }

    @AfterAll
    static void close() throws Exception {
        if (onnx != null) {
            onnx.close();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void singleOracleFrames() throws Exception {
        for (String c : Oracle.SINGLE_CASES) {
            compareSequence(c, new String[] {c}, Oracle.ratio(c));
        }
    }

    @Test
    void oracleSequencesWithStatesFedBack() throws Exception {
        for (String s : Oracle.SEQUENCES) {
            compareSequence(s, new String[] {s + "_t0", s + "_t1", s + "_t2"}, Oracle.ratio(s));
        }
    }

    @Test
    void fullHdFrameAtQuarterRatio() throws Exception {
        int h = 1080;
        int w = 1920;
        // a 1080p frame made from an oracle input, so it holds the same kind of content the network saw there
        float[] small = Oracle.tensor("s_90x160_r0.4", "src").data();
        float[] src = HalfPixelBilinear.resize(small, 3, 90, 160, h, w);
        Diff d = compareFrames("1920x1080", new float[][] {src, src}, h, w, 0.25f);
        assertTrue(d.alpha <= TOL_REFINED, "alpha differs by " + d.alpha);
    }

    private void compareSequence(String name, String[] frames, float ratio) throws Exception {
        float[][] srcs = new float[frames.length][];
        int h = 0;
        int w = 0;
        for (int i = 0; i < frames.length; i++) {
            Tensor t = Oracle.tensor(frames[i], "src");
            h = (int) t.dim(2);
            w = (int) t.dim(3);
            srcs[i] = t.data();
        }
        compareFrames(name, srcs, h, w, ratio);
    }

    private record Diff(float alpha, float sigma, float states) {
    }

    private Diff compareFrames(String name, float[][] srcs, int h, int w, float ratio) throws Exception {
        boolean refined = ratio != 1f;
        float tol = refined ? TOL_REFINED : TOL_EXACT_PATH;
        RecurrentState state = RecurrentState.zeros(ModelContract.workingSize(h, ratio), ModelContract.workingSize(w, ratio));
        float maxA = 0;
        float maxS = 0;
        float maxR = 0;
        try (FaceMatForward djl = new FaceMatForward(network, ratio)) {
            for (int t = 0; t < srcs.length; t++) {
                MattePlanes o = onnx.run(srcs[t], h, w, ratio, state);
                FaceMatForward.Frame d = djl.next(srcs[t], h, w);
                assertEquals(h * w, o.alpha().length);
                maxA = Math.max(maxA, Oracle.maxAbsDiff(o.alpha(), d.alpha()));
                maxS = Math.max(maxS, Oracle.maxAbsDiff(o.uncertainty(), d.sigma()));
                for (int i = 0; i < 4; i++) {
                    maxR = Math.max(maxR, Oracle.maxAbsDiff(state.get(i), d.states()[i]));
                }
                float sMin = Float.MAX_VALUE;
                float sMax = 0;
                for (float s : o.uncertainty()) {
                    assertTrue(s >= 0 && Float.isFinite(s), name + ": uncertainty " + s);
                    sMin = Math.min(sMin, s);
                    sMax = Math.max(sMax, s);
                }
                assertTrue(sMax - sMin > 1e-3f, name + ": uncertainty is flat, the comparison would prove little");
            }
        }
        System.out.printf("ONNX vs DJL %-14s ratio %.2f: alpha %.2e, uncertainty %.2e, states %.2e%n", name, ratio,
                maxA, maxS, maxR);
        assertTrue(maxA <= tol, name + ": alpha differs by " + maxA);
        assertTrue(maxS <= tol, name + ": uncertainty differs by " + maxS);
        assertTrue(maxR <= TOL_STATES, name + ": states differ by " + maxR);
        return new Diff(maxA, maxS, maxR);
    }
}
