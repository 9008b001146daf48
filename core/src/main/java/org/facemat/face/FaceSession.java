package org.facemat.face;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.facemat.model.Device;
import org.facemat.model.ModelLoadException;
import org.facemat.model.OrtSessions;

/**
 * One face model open in ONNX Runtime: a fixed-size image in, named float outputs back. The file's interface is
 * checked when it is opened, so a wrong file fails there and not at the first frame.
 */
final class FaceSession implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final long[] inputShape;

    private FaceSession(OrtEnvironment env, OrtSession session, long[] inputShape) {
        this.env = env;
        this.session = session;
        this.inputShape = inputShape;
    }

    static FaceSession open(Path file, int size, Device device, int threads, Map<String, long[]> outputs)
            throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file + ": no such model file");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try {
            session = OrtSessions.open(env, file, Files.readAllBytes(file), device, threads, null).session();
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": ONNX Runtime cannot load it: " + OrtSessions.oneLine(e), e);
        } catch (java.io.IOException e) {
            throw new ModelLoadException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        long[] in = {1, 3, size, size};
        try {
            check(file, "input", session.getInputInfo(), Map.of(FaceModels.INPUT, in));
            check(file, "output", session.getOutputInfo(), outputs);
        } catch (ModelLoadException | OrtException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // the check's failure is the one to report
            }
            if (e instanceof ModelLoadException m) {
                throw m;
            }
            throw new ModelLoadException(file + ": " + OrtSessions.oneLine(e), e);
        }
        return new FaceSession(env, session, in);
    }

    private static void check(Path file, String what, Map<String, NodeInfo> info, Map<String, long[]> wanted)
            throws ModelLoadException {
        for (Map.Entry<String, long[]> w : wanted.entrySet()) {
            NodeInfo n = info.get(w.getKey());
            if (n == null || !(n.getInfo() instanceof TensorInfo t) || !Arrays.equals(t.getShape(), w.getValue())) {
                throw new ModelLoadException(file + ": not a face model of this product (needs " + what + " "
                        + w.getKey() + " " + Arrays.toString(w.getValue()) + "; has " + info.keySet() + ")");
            }
        }
    }

    /** Runs the model on a planar RGB image of the input size; returns the flattened outputs in the order asked. */
    float[][] run(float[] image, String... outputs) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), inputShape);
             OrtSession.Result r = session.run(Map.of(FaceModels.INPUT, t))) {
            float[][] out = new float[outputs.length][];
            for (int i = 0; i < outputs.length; i++) {
                OnnxTensor o = (OnnxTensor) r.get(outputs[i]).orElseThrow();
                FloatBuffer b = o.getFloatBuffer();
                out[i] = new float[b.remaining()];
                b.get(out[i]);
            }
            return out;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
