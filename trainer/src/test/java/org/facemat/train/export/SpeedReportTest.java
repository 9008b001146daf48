package org.facemat.train.export;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.model.ModelContract;
import org.junit.jupiter.api.Test;

/**
 * Prints the CPU speed of the exported model (ONNX Runtime, 2 intra-op threads, all optimisations): the time of
 * {@code session.run} with the states of one frame fed to the next, at 1080p / 0.25 and 720p / 0.4. Frames of the
 * FaceMat model alternate with frames of {@link RvmReferenceGraph}, a straightforward export of the RVM network, so
 * that the ratio of the two holds even when the machine is busy. Only prints: timings on shared machines are too
 * noisy to assert on. {@code -Dfacemat.speed.frames=N} measures N frames of each.
 */
// a measurement, not a test: run with -Dfacemat.bench=true (figures go to docs/BENCHMARKS.md)
@EnabledIfSystemProperty(named = "facemat.bench", matches = "true")
class SpeedReportTest {

    @Test
    void printsFramesPerSecond() throws Exception {
        int frames = Integer.getInteger("facemat.speed.frames", 12);
        Path reference = ExportFixture.modelFile().resolveSibling("rvm-reference.onnx");
        Files.write(reference, RvmReferenceGraph.build(ExportFixture.weights()).toByteArray());
        try (OrtRunner facemat = new OrtRunner(ExportFixture.modelFile(), 2);
             OrtRunner rvm = new OrtRunner(reference, 2)) {
            measure(facemat.session(), rvm.session(), 1920, 1080, 0.25f, frames);
            measure(facemat.session(), rvm.session(), 1280, 720, 0.4f, frames);
        }
    }

    private static void measure(OrtSession facemat, OrtSession rvm, int w, int h, float ratio, int frames)
            throws Exception {
        int sh = ModelContract.workingSize(h, ratio);
        int sw = ModelContract.workingSize(w, ratio);
        float[] src = SyntheticFrames.frame(h, w, 0);
        float[] sm = HalfPixelBilinear.resize(src, 3, h, w, sh, sw);
        try (Run a = new Run(facemat, src, h, w, sm, sh, sw); Run b = new Run(rvm, src, h, w, sm, sh, sw)) {
            for (int i = 0; i < 3; i++) {
                a.frame();
                b.frame();
            }
            long[] ta = new long[frames];
            long[] tb = new long[frames];
            for (int i = 0; i < frames; i++) {
                ta[i] = a.frame();
                tb[i] = b.frame();
            }
            double ma = median(ta);
            double mb = median(tb);
            System.out.printf("[speed] %dx%d ratio %.2f (net at %dx%d), 2 threads, %d frames each:%n"
                    + "[speed]   FaceMat model:  median %.1f ms (%.1f fps), best %.1f ms%n"
                    + "[speed]   RVM reference:  median %.1f ms (%.1f fps), best %.1f ms%n"
                    + "[speed]   FaceMat takes %.0f%% of the reference's time%n", w, h, ratio, sw, sh, frames,
                    ma, 1000 / ma, best(ta), mb, 1000 / mb, best(tb), 100 * ma / mb);
        }
    }

    private static double median(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    private static double best(long[] ns) {
        return Arrays.stream(ns).min().orElseThrow() / 1e6;
    }

    /** One model's inputs, with the states of each frame fed to the next without copying. */
    private static final class Run implements AutoCloseable {
        private final OrtSession session;
        private final Map<String, OnnxTensor> in = new HashMap<>();
        private final OnnxTensor[] owned = new OnnxTensor[6];
        private OrtSession.Result previous;

        Run(OrtSession session, float[] src, int h, int w, float[] sm, int sh, int sw) throws Exception {
            this.session = session;
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            owned[0] = OnnxTensor.createTensor(env, direct(src), new long[] {1, 3, h, w});
            owned[1] = OnnxTensor.createTensor(env, direct(sm), new long[] {1, 3, sh, sw});
            in.put(ModelContract.SRC, owned[0]);
            in.put(ModelContract.SRC_SMALL, owned[1]);
            for (int i = 0; i < 4; i++) {
                long[] shape = ModelContract.stateShape(i, sh, sw);
                owned[2 + i] = OnnxTensor.createTensor(env,
                        direct(new float[(int) (shape[1] * shape[2] * shape[3])]), shape);
                in.put(ModelContract.STATE_INPUTS.get(i), owned[2 + i]);
            }
        }

        /** Runs one frame; returns its nanoseconds. */
        long frame() throws Exception {
            long t0 = System.nanoTime();
            OrtSession.Result r = session.run(in);
            long t = System.nanoTime() - t0;
            for (int s = 0; s < 4; s++) {
                in.put(ModelContract.STATE_INPUTS.get(s),
                        (OnnxTensor) r.get(ModelContract.STATE_OUTPUTS.get(s)).orElseThrow());
            }
            if (previous != null) {
                previous.close();
            }
            previous = r;
            return t;
        }

        @Override
        public void close() {
            if (previous != null) {
                previous.close();
            }
            for (OnnxTensor t : owned) {
                t.close();
            }
        }
    }

    private static FloatBuffer direct(float[] v) {
        FloatBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(v).rewind();
        return b;
    }
}
