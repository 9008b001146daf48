package org.facemat.model.file;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.facemat.media.exr.Half;
import org.facemat.net.weights.OnnxWeights;

/**
 * Rewrites a FaceMat model with its weights stored as float16: each float32 weight tensor becomes a float16
 * initializer and a {@code Cast} back to float32 in front of the graph that uses it, so the model's inputs, outputs
 * and arithmetic stay float32 and every execution provider runs it. ONNX Runtime folds the casts when the session is
 * made, so the file is half the size and the speed is unchanged; what is lost is the rounding of each weight to 11
 * significant bits (measured on the fixed split: docs/model-card.md). Small constants (scalars, clip bounds, guided
 * filter epsilon) stay float32.
 */
public final class HalfWeights {
    /** Metadata key saying how the weights are stored. */
    public static final String META_WEIGHTS = "facemat.weights";
    /** Tensors with fewer elements than this stay float32. */
    public static final int MIN_ELEMENTS = 16;

    private HalfWeights() {
    }

    /** Reads {@code in}, writes the float16-weight model to {@code out} (atomically); returns tensors converted. */
    public static int convert(Path in, Path out) throws IOException {
        ModelProto model;
        try (InputStream s = Files.newInputStream(in)) {
            model = ModelProto.parseFrom(s);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(in + ": file not found");
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(in + ": not an ONNX model (" + e.getMessage() + ")");
        }
        for (StringStringEntryProto p : model.getMetadataPropsList()) {
            if (p.getKey().equals(META_WEIGHTS) && p.getValue().startsWith("float16")) {
                throw new IOException(in + ": the weights are float16 already");
            }
        }
        int[] converted = {0};
        ModelProto result = halve(model, converted);
        org.facemat.io.AtomicFile.stream(out, result::writeTo);
        return converted[0];
    }

    /** The model with its large float weights stored as float16 and the {@link #META_WEIGHTS} entry added. */
    public static ModelProto halve(ModelProto model, int[] converted) {
        GraphProto graph = halve(model.getGraph(), converted);
        ModelProto.Builder b = model.toBuilder().setGraph(graph);
        b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(META_WEIGHTS)
                .setValue("float16 (" + converted[0] + " tensors; computed in float32)"));
        return b.build();
    }

    /** The graph with its large float initializers halved, its subgraphs (If branches) likewise. */
    private static GraphProto halve(GraphProto g, int[] converted) {
        GraphProto.Builder b = g.toBuilder().clearInitializer().clearNode();
        Set<String> names = new HashSet<>();
        g.getInitializerList().forEach(t -> names.add(t.getName()));
        g.getNodeList().forEach(n -> names.addAll(n.getOutputList()));
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE || elements(t) < MIN_ELEMENTS) {
                b.addInitializer(t);
                continue;
            }
            String halfName = t.getName() + "_f16";
            while (names.contains(halfName)) {
                halfName += "_";
            }
            names.add(halfName);
            b.addInitializer(t.toBuilder().setName(halfName).setDataType(TensorProto.DataType.FLOAT16_VALUE)
                    .clearFloatData().setRawData(halfBytes(t)));
            // the cast keeps the original name, so the nodes using the weight are untouched
            b.addNode(NodeProto.newBuilder().setOpType("Cast").setName("cast_" + t.getName()).addInput(halfName)
                    .addOutput(t.getName()).addAttribute(AttributeProto.newBuilder().setName("to")
                            .setType(AttributeProto.AttributeType.INT).setI(TensorProto.DataType.FLOAT_VALUE)));
            converted[0]++;
        }
        for (NodeProto n : g.getNodeList()) {
            NodeProto.Builder nb = n.toBuilder();
            for (int i = 0; i < nb.getAttributeCount(); i++) {
                AttributeProto a = nb.getAttribute(i);
                if (a.hasG()) {
                    nb.setAttribute(i, a.toBuilder().setG(halve(a.getG(), converted)));
                }
            }
            b.addNode(nb);
        }
        return b.build();
    }

    private static long elements(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    private static ByteString halfBytes(TensorProto t) {
        float[] v = OnnxWeights.floats(t);
        ByteBuffer out = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            out.putShort(Half.fromFloat(f));
        }
        return ByteString.copyFrom(out.array());
    }
}
