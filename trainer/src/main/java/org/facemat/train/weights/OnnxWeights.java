package org.facemat.train.weights;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.facemat.train.net.FaceMatArchitecture;

/**
 * Reads the parameters back out of a FaceMat ONNX file: the exporter names each weight initializer after its
 * parameter, so a shipped model can be the starting point of fine-tuning, and the DJL network can be compared with
 * the exported file.
 */
public final class OnnxWeights {
    private OnnxWeights() {
    }

    public static WeightSet read(Path onnx) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        Map<String, long[]> wanted = FaceMatArchitecture.parameterShapes(true);
        WeightSet w = new WeightSet();
        for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
            long[] shape = wanted.get(t.getName());
            if (shape == null) {
                continue; // graph constants (box kernels, scales, eps)
            }
            w.put(t.getName(), new Tensor(shape, floats(t)));
        }
        for (String name : wanted.keySet()) {
            if (!w.contains(name)) {
                throw new IOException(onnx + ": not a FaceMat model file (no weights for " + name + ")");
            }
        }
        return w;
    }

    private static float[] floats(OnnxMl.TensorProto t) {
        if (t.getFloatDataCount() > 0) {
            float[] v = new float[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
            return v;
        }
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
