package org.facemat.train.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.model.ModelContract;

/** Runs an exported model frame by frame in ONNX Runtime (CPU), feeding the states back. */
final class OrtRunner implements AutoCloseable {
    /** Outputs of one frame, NCHW, plus the shapes of the states. */
    record Frame(float[] alpha, long[] alphaShape, float[] uncertainty, long[] uncertaintyShape, float[][] states,
                 long[][] stateShapes) {
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OrtRunner(Path model, int threads) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // diagnostics for tuning the graph: -Dfacemat.ort.profile=prefix, -Dfacemat.ort.optimized=file.onnx
            String profile = System.getProperty("facemat.ort.profile");
            if (profile != null) {
                o.enableProfiling(profile);
            }
            String optimized = System.getProperty("facemat.ort.optimized");
            if (optimized != null) {
                o.setOptimizedModelFilePath(optimized);
            }
            session = env.createSession(model.toString(), o);
        }
    }

    OrtSession session() {
        return session;
    }

    /** One frame; {@code previous == null} starts from zero states. */
    Frame run(float[] src, int h, int w, float ratio, Frame previous) throws OrtException {
        int sh = ModelContract.workingSize(h, ratio);
        int sw = ModelContract.workingSize(w, ratio);
        float[] sm = ratio == 1f ? src : HalfPixelBilinear.resize(src, 3, h, w, sh, sw);
        return run(src, h, w, sm, sh, sw, previous);
    }

    Frame run(float[] src, int h, int w, float[] sm, int sh, int sw, Frame previous) throws OrtException {
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put(ModelContract.SRC, tensor(src, new long[] {1, 3, h, w}));
            in.put(ModelContract.SRC_SMALL, tensor(sm, new long[] {1, 3, sh, sw}));
            for (int i = 0; i < 4; i++) {
                long[] shape = ModelContract.stateShape(i, sh, sw);
                float[] v = previous == null ? new float[(int) (shape[1] * shape[2] * shape[3])] : previous.states()[i];
                in.put(ModelContract.STATE_INPUTS.get(i), tensor(v, shape));
            }
            try (OrtSession.Result r = session.run(in)) {
                float[][] states = new float[4][];
                long[][] stateShapes = new long[4][];
                for (int i = 0; i < 4; i++) {
                    OnnxTensor t = (OnnxTensor) r.get(ModelContract.STATE_OUTPUTS.get(i)).get();
                    states[i] = floats(t);
                    stateShapes[i] = t.getInfo().getShape();
                }
                OnnxTensor a = (OnnxTensor) r.get(ModelContract.ALPHA).get();
                OnnxTensor u = (OnnxTensor) r.get(ModelContract.UNCERTAINTY).get();
                return new Frame(floats(a), a.getInfo().getShape(), floats(u), u.getInfo().getShape(), states,
                        stateShapes);
            }
        } finally {
            for (OnnxTensor t : in.values()) {
                t.close();
            }
        }
    }

    private OnnxTensor tensor(float[] v, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
    }

    private static float[] floats(OnnxTensor t) {
        FloatBuffer b = t.getFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return v;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
