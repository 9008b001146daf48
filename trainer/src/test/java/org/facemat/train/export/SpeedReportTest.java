package org.facemat.train.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.model.ModelContract;
import org.junit.jupiter.api.Test;

/**
 * Prints the CPU speed of the exported model (ONNX Runtime, 2 intra-op threads, all optimisations): the time of
 * {@code session.run} with the states of one frame fed to the next, at 1080p / 0.25 and 720p / 0.4. Only prints:
 * timings on shared machines are too noisy to assert on. {@code -Dfacemat.speed.frames=N} measures N frames.
 */
class SpeedReportTest {

    @Test
    void printsFramesPerSecond() throws Exception {
        int frames = Integer.getInteger("facemat.speed.frames", 12);
        try (OrtRunner runner = new OrtRunner(ExportFixture.modelFile(), 2)) {
            measure(runner.session(), 1920, 1080, 0.25f, frames);
            measure(runner.session(), 1280, 720, 0.4f, frames);
        }
    }

    static void measure(OrtSession session, int w, int h, float ratio, int frames) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int sh = ModelContract.workingSize(h, ratio);
        int sw = ModelContract.workingSize(w, ratio);
        float[] src = SyntheticFrames.frame(h, w, 0);
        float[] sm = HalfPixelBilinear.resize(src, 3, h, w, sh, sw);
        long[] ns = new long[frames];
        try (OnnxTensor srcT = OnnxTensor.createTensor(env, direct(src), new long[] {1, 3, h, w});
             OnnxTensor smT = OnnxTensor.createTensor(env, direct(sm), new long[] {1, 3, sh, sw})) {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put(ModelContract.SRC, srcT);
            in.put(ModelContract.SRC_SMALL, smT);
            OnnxTensor[] zeros = new OnnxTensor[4];
            for (int i = 0; i < 4; i++) {
                long[] shape = ModelContract.stateShape(i, sh, sw);
                zeros[i] = OnnxTensor.createTensor(env, direct(new float[(int) (shape[1] * shape[2] * shape[3])]),
                        shape);
                in.put(ModelContract.STATE_INPUTS.get(i), zeros[i]);
            }
            OrtSession.Result previous = null;
            for (int i = -3; i < frames; i++) {
                long t0 = System.nanoTime();
                OrtSession.Result r = session.run(in);
                long t = System.nanoTime() - t0;
                if (i >= 0) {
                    ns[i] = t;
                }
                // feed the new states back without copying them
                for (int s = 0; s < 4; s++) {
                    OnnxValue v = r.get(ModelContract.STATE_OUTPUTS.get(s)).orElseThrow();
                    in.put(ModelContract.STATE_INPUTS.get(s), (OnnxTensor) v);
                }
                if (previous != null) {
                    previous.close();
                }
                previous = r;
            }
            previous.close();
            for (OnnxTensor z : zeros) {
                z.close();
            }
        }
        Arrays.sort(ns);
        double median = ns[frames / 2] / 1e6;
        double best = ns[0] / 1e6;
        System.out.printf("[speed] %dx%d ratio %.2f (net at %dx%d): median %.1f ms (%.1f fps), best %.1f ms"
                + " (%.1f fps), %d frames, 2 threads%n", w, h, ratio, sw, sh, median, 1000 / median, best, 1000 / best,
                frames);
    }

    private static FloatBuffer direct(float[] v) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(v).rewind();
        return b;
    }
}
