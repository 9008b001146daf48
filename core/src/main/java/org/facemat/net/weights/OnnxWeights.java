package org.facemat.net.weights;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.FaceMatNet;
import org.facemat.net.PriorInputs;
import org.facemat.net.onnx.OnnxOps;

/**
 * Reads the parameters back out of a FaceMat ONNX file: the ONNX backend names each weight initializer after its
 * parameter (and the slices it writes, {@code .partK} and the projection's alpha row, after the parameter they are cut
 * from), so a shipped model can be the starting point of fine-tuning, and the DJL network can be compared with
 * the exported file.
 */
public final class OnnxWeights {
    private OnnxWeights() {
    }

    public static WeightSet read(Path onnx) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        Map<String, long[]> wanted = FaceMatArchitecture.parameterShapes(true, priorInputs(model));
        WeightSet w = new WeightSet();
        // a conv over a concatenation is exported as one conv per input part ("<name>.partK"), summed
        Map<String, java.util.TreeMap<Integer, OnnxMl.TensorProto>> parts = new java.util.HashMap<>();
        for (OnnxMl.TensorProto t : initializers(model.getGraph(), new java.util.ArrayList<>())) {
            java.util.regex.Matcher m = PART.matcher(t.getName());
            if (m.matches() && wanted.containsKey(m.group(1))) {
                parts.computeIfAbsent(m.group(1), k -> new java.util.TreeMap<>()).putIfAbsent(Integer.parseInt(m.group(2)), t);
                continue;
            }
            long[] shape = wanted.get(t.getName());
            if (shape == null || w.contains(t.getName())) {
                continue; // graph constants (box kernels, scales, eps), or a copy in the other If branch
            }
            w.put(t.getName(), new Tensor(shape, floats(t)));
        }
        for (Map.Entry<String, java.util.TreeMap<Integer, OnnxMl.TensorProto>> e : parts.entrySet()) {
            w.put(e.getKey(), concatInputChannels(wanted.get(e.getKey()), e.getValue().values()));
        }
        restoreProjection(model, w);
        for (String name : wanted.keySet()) {
            if (!w.contains(name)) {
                throw new IOException(onnx + ": not a FaceMat model file (no weights for " + name + ")");
            }
        }
        return w;
    }

    /**
     * Where the file's network takes the landmark prior, from the input channels of its stem and of decode0's first
     * conv (which the exporter splits into parts, one per input of the concatenation it reads).
     */
    private static PriorInputs priorInputs(OnnxMl.ModelProto model) {
        java.util.List<OnnxMl.TensorProto> all = initializers(model.getGraph(), new java.util.ArrayList<>());
        return FaceMatArchitecture.priorInputs(inputChannels(all, FaceMatArchitecture.STEM_WEIGHT),
                inputChannels(all, FaceMatArchitecture.DECODE0_WEIGHT));
    }

    /** Input channels of the OIHW conv weight {@code name}, whole or as parts; -1 when the file has none. */
    private static long inputChannels(java.util.List<OnnxMl.TensorProto> all, String name) {
        Map<Integer, Long> parts = new java.util.HashMap<>();
        for (OnnxMl.TensorProto t : all) {
            if (t.getDimsCount() != 4) {
                continue;
            }
            if (t.getName().equals(name)) {
                return t.getDims(1);
            }
            java.util.regex.Matcher m = PART.matcher(t.getName());
            if (m.matches() && m.group(1).equals(name)) {
                parts.putIfAbsent(Integer.parseInt(m.group(2)), t.getDims(1)); // each If branch holds a copy
            }
        }
        return parts.isEmpty() ? -1 : parts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The file holds only the alpha row of {@code project_mat} (the product does not output the foreground colour:
     * {@link FaceMatNet} computes it with {@code convOutputs}, stored under the tag); the foreground rows come back as
     * zeros.
     */
    private static void restoreProjection(OnnxMl.ModelProto model, WeightSet w) {
        String weight = FaceMatNet.PROJECTION + ".weight";
        String bias = FaceMatNet.PROJECTION + ".bias";
        String tag = "." + FaceMatNet.PROJECTION_ALPHA_TAG;
        long[] shape = FaceMatArchitecture.parameterShapes(true).get(weight);
        int rows = (int) shape[0];
        int per = (int) (shape[1] * shape[2] * shape[3]);
        int alpha = FaceMatNet.PROJECTION_ALPHA;
        for (OnnxMl.TensorProto t : initializers(model.getGraph(), new java.util.ArrayList<>())) {
            if (t.getName().equals(weight + tag) && !w.contains(weight)) {
                float[] v = new float[rows * per];
                System.arraycopy(floats(t), 0, v, alpha * per, per);
                w.put(weight, new Tensor(shape, v));
            } else if (t.getName().equals(bias + tag) && !w.contains(bias)) {
                float[] v = new float[rows];
                v[alpha] = floats(t)[0];
                w.put(bias, new Tensor(new long[] {rows}, v));
            }
        }
    }

    /** Initializers of the graph and of its subgraphs ({@code If} branches hold the weights they use). */
    private static java.util.List<OnnxMl.TensorProto> initializers(OnnxMl.GraphProto g, java.util.List<OnnxMl.TensorProto> out) {
        out.addAll(g.getInitializerList());
        // a float16-weight model (facemat model half) stores "<name>_f16" and casts it to float32 under the weight's
        // own name: that cast's output is the weight
        Map<String, OnnxMl.TensorProto> own = new java.util.HashMap<>();
        g.getInitializerList().forEach(t -> own.put(t.getName(), t));
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            OnnxMl.TensorProto half = n.getOpType().equals("Cast") && n.getInputCount() == 1 ? own.get(n.getInput(0))
                    : null;
            if (half != null && half.getDataType() == OnnxMl.TensorProto.DataType.FLOAT16_VALUE) {
                out.add(OnnxMl.TensorProto.newBuilder().setName(n.getOutput(0)).addAllDims(half.getDimsList())
                        .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).addAllFloatData(halfToFloats(half))
                        .build());
            }
        }
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    initializers(a.getG(), out);
                }
            }
        }
        return out;
    }

    /** A weight part of a conv over a concatenation, as the ONNX backend names it. */
    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile(
            "(.+)" + java.util.regex.Pattern.quote(OnnxOps.PART) + "(\\d+)");

    /** Joins OIHW conv weights split along I back into one tensor of {@code shape}. */
    private static Tensor concatInputChannels(long[] shape, java.util.Collection<OnnxMl.TensorProto> parts) {
        int out = (int) shape[0];
        int k = (int) (shape[2] * shape[3]);
        float[] v = new float[(int) (shape[0] * shape[1] * k)];
        int inOffset = 0;
        for (OnnxMl.TensorProto p : parts) {
            int in = (int) p.getDims(1);
            float[] d = floats(p);
            for (int o = 0; o < out; o++) {
                System.arraycopy(d, o * in * k, v, (o * (int) shape[1] + inOffset) * k, in * k);
            }
            inOffset += in;
        }
        return new Tensor(shape, v);
    }

    /** The values of a float32 tensor, stored as {@code float_data} or little-endian {@code raw_data}. */
    private static java.util.List<Float> halfToFloats(OnnxMl.TensorProto t) {
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        java.util.List<Float> v = new java.util.ArrayList<>(b.remaining() / 2);
        while (b.remaining() >= 2) {
            v.add(org.facemat.media.exr.Half.toFloat(b.getShort()));
        }
        return v;
    }

    public static float[] floats(OnnxMl.TensorProto t) {
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
