package org.facemat.train.export;

import static org.facemat.net.onnx.GraphBuilder.intAttr;
import static org.facemat.net.onnx.GraphBuilder.intsAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facemat.net.onnx.GraphBuilder;
import org.facemat.net.weights.Tensor;
import org.facemat.train.rvm.RvmImportException;
import org.facemat.train.rvm.TfjsGraphModel;
import org.facemat.train.rvm.TfjsNode;

/**
 * Translates the convolutional part of a TensorFlow.js graph model into ONNX nodes, one TF op at a time, starting
 * from the outputs a caller asks for (so unused heads are left out).
 *
 * <p>Layout: TF graphs are NHWC, ONNX convolutions NCHW. Every rank-4 value here is kept NCHW, so the graph input is
 * transposed once (by the caller) and filters are permuted when they are stored; a rank-4 value is put back to NHWC
 * only where the op's meaning depends on the memory order (Reshape). Values of other ranks keep TF's layout.
 *
 * <p>Supported ops are those of MediaPipe's BlazeFace and face mesh graphs: _FusedConv2D (BiasAdd, optional Relu or
 * Prelu), DepthwiseConv2dNative, Add/AddV2, Relu, Prelu, Sigmoid, MaxPool, Pad (constant 0), Reshape, Identity.
 * Anything else is refused with the op's name rather than converted approximately.
 */
final class TfjsGraphConverter {
    private final TfjsGraphModel model;
    private final GraphBuilder g;
    /** TF node name to ONNX value name. */
    private final Map<String, String> values = new HashMap<>();
    /** ONNX value name to its shape (NCHW for rank 4). */
    private final Map<String, long[]> shapes = new HashMap<>();

    TfjsGraphConverter(TfjsGraphModel model, GraphBuilder g) {
        this.model = model;
        this.g = g;
    }

    /** Makes {@code onnxValue} (already NCHW) stand for the TF placeholder {@code tfName}. */
    void bind(String tfName, String onnxValue, long... shape) throws RvmImportException {
        TfjsNode n = model.nodes().get(tfName);
        if (n == null || !n.op().equals("Placeholder")) {
            throw fail(tfName + " is not an input of the graph");
        }
        values.put(tfName, onnxValue);
        shapes.put(onnxValue, shape.clone());
    }

    long[] shape(String onnxValue) {
        return shapes.get(onnxValue).clone();
    }

    /** The ONNX value computing TF node {@code ref} ("name" or "name:0"), converting what it depends on first. */
    String value(String ref) throws RvmImportException {
        String name = ref.endsWith(":0") ? ref.substring(0, ref.length() - 2) : ref;
        String done = values.get(name);
        if (done != null) {
            return done;
        }
        TfjsNode n = model.nodes().get(name);
        if (n == null) {
            throw fail("node " + ref + " is not in the graph");
        }
        String out = switch (n.op()) {
            case "_FusedConv2D" -> conv(n, false);
            case "DepthwiseConv2dNative" -> conv(n, true);
            case "Add", "AddV2" -> binary(n, "Add");
            case "Relu" -> unary(n, "Relu");
            case "Sigmoid" -> unary(n, "Sigmoid");
            case "Prelu" -> prelu(n, value(n.inputs().get(0)), n.inputs().get(1));
            case "MaxPool" -> maxPool(n);
            case "Pad" -> pad(n);
            case "Reshape" -> reshape(n);
            case "Identity" -> value(n.inputs().get(0));
            default -> throw fail("op " + n.op() + " (node " + name + ") is not supported by the ONNX converter");
        };
        values.put(name, out);
        return out;
    }

    // ----- ops -----

    private String conv(TfjsNode n, boolean depthwise) throws RvmImportException {
        checkNhwc(n);
        String x = value(n.inputs().get(0));
        long[] s = shapes.get(x);
        Tensor f = weight(n, 1);
        if (f.rank() != 4) {
            throw fail(n.name() + ": filter of rank " + f.rank());
        }
        int kh = (int) f.dim(0);
        int kw = (int) f.dim(1);
        Tensor w;
        long group;
        if (depthwise) {
            // [kh, kw, cin, multiplier] -> [cin * multiplier, 1, kh, kw], one group per input channel
            w = f.permute(2, 3, 0, 1).reshape(f.dim(2) * f.dim(3), 1, kh, kw);
            group = f.dim(2);
        } else {
            w = f.permute(3, 2, 0, 1); // [kh, kw, cin, cout] -> [cout, cin, kh, kw]
            group = 1;
        }
        if (s[1] != f.dim(2)) {
            throw fail(n.name() + ": filter wants " + f.dim(2) + " input channels, the value has " + s[1]);
        }
        long[] strides = spatial(n, "strides");
        long[] dil = n.ints("dilations").length == 4 ? spatial(n, "dilations") : new long[] {1, 1};
        long[] pads = pads(n, s, kh, kw, strides, dil);
        List<String> in = new ArrayList<>(List.of(x, g.initializer(shortName(n.inputs().get(1)), w)));
        List<String> fused = depthwise ? List.of() : n.strings("fused_ops");
        if (!fused.isEmpty() && fused.get(0).equals("BiasAdd")) {
            in.add(g.initializer(shortName(n.inputs().get(2)), weight(n, 2)));
        } else if (!fused.isEmpty()) {
            throw fail(n.name() + ": fused op " + fused.get(0) + " is not supported");
        }
        String out = g.op("Conv", shortName(n.name()), in,
                intsAttr("kernel_shape", kh, kw),
                intsAttr("strides", strides[0], strides[1]),
                intsAttr("pads", pads[0], pads[1], pads[2], pads[3]),
                intsAttr("dilations", dil[0], dil[1]),
                intAttr("group", group));
        long outH = (s[2] + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) / strides[0] + 1;
        long outW = (s[3] + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) / strides[1] + 1;
        shapes.put(out, new long[] {s[0], w.dim(0), outH, outW});
        if (fused.size() > 1) {
            switch (fused.get(1)) {
                case "Relu" -> out = same(g.relu(shortName(n.name()) + "/relu", out), out);
                case "Prelu" -> out = prelu(n, out, n.inputs().get(3));
                default -> throw fail(n.name() + ": fused activation " + fused.get(1) + " is not supported");
            }
        }
        if (fused.size() > 2) {
            throw fail(n.name() + ": fused ops " + fused + " are not supported");
        }
        return out;
    }

    /** PReLU; TFJS stores the slope per channel as [1, 1, C] under the name of the folded {@code Neg} node. */
    private String prelu(TfjsNode n, String x, String alphaRef) throws RvmImportException {
        Tensor a = tensor(alphaRef);
        long c = a.size();
        long[] s = shapes.get(x);
        if (s.length != 4 || s[1] != c) {
            throw fail(n.name() + ": PReLU slope of " + c + " values for a value of shape " + Arrays.toString(s));
        }
        String slope = g.initializer(shortName(alphaRef), a.reshape(c, 1, 1));
        return same(g.op("PRelu", shortName(n.name()) + (n.op().equals("Prelu") ? "" : "/prelu"), List.of(x, slope)), x);
    }

    private String unary(TfjsNode n, String op) throws RvmImportException {
        String x = value(n.inputs().get(0));
        return same(g.op(op, shortName(n.name()), List.of(x)), x);
    }

    private String binary(TfjsNode n, String op) throws RvmImportException {
        String a = value(n.inputs().get(0));
        String b = value(n.inputs().get(1));
        if (!Arrays.equals(shapes.get(a), shapes.get(b))) {
            throw fail(n.name() + ": " + op + " of shapes " + Arrays.toString(shapes.get(a)) + " and "
                    + Arrays.toString(shapes.get(b)) + " (broadcasting is not supported)");
        }
        return same(g.op(op, shortName(n.name()), List.of(a, b)), a);
    }

    private String maxPool(TfjsNode n) throws RvmImportException {
        checkNhwc(n);
        String x = value(n.inputs().get(0));
        long[] s = shapes.get(x);
        long[] k = spatial(n, "ksize");
        long[] strides = spatial(n, "strides");
        long[] pads = pads(n, s, (int) k[0], (int) k[1], strides, new long[] {1, 1});
        String out = g.op("MaxPool", shortName(n.name()), List.of(x),
                intsAttr("kernel_shape", k[0], k[1]),
                intsAttr("strides", strides[0], strides[1]),
                intsAttr("pads", pads[0], pads[1], pads[2], pads[3]));
        shapes.put(out, new long[] {s[0], s[1], (s[2] + pads[0] + pads[2] - k[0]) / strides[0] + 1,
            (s[3] + pads[1] + pads[3] - k[1]) / strides[1] + 1});
        return out;
    }

    /** Zero padding; TF's paddings are [[before, after]] per NHWC axis. */
    private String pad(TfjsNode n) throws RvmImportException {
        String x = value(n.inputs().get(0));
        long[] s = shapes.get(x);
        int[] p = constInts(n.inputs().get(1));
        if (s.length != 4 || p.length != 8) {
            throw fail(n.name() + ": Pad of a rank-" + s.length + " value");
        }
        int[] nchw = {0, 3, 1, 2}; // ONNX axis i is TF axis nchw[i]
        long[] pads = new long[8];
        long[] out = new long[4];
        for (int i = 0; i < 4; i++) {
            pads[i] = p[2 * nchw[i]];
            pads[i + 4] = p[2 * nchw[i] + 1];
            out[i] = s[i] + pads[i] + pads[i + 4];
        }
        String r = g.op("Pad", shortName(n.name()), List.of(x, g.ints("pads", pads)));
        shapes.put(r, out);
        return r;
    }

    /** Reshape acts on memory order, so a rank-4 value goes back to NHWC first (and a rank-4 result to NCHW). */
    private String reshape(TfjsNode n) throws RvmImportException {
        String x = value(n.inputs().get(0));
        long[] s = shapes.get(x);
        String name = shortName(n.name());
        if (s.length == 4) {
            x = g.op("Transpose", name + "/to_nhwc", List.of(x), intsAttr("perm", 0, 2, 3, 1));
            s = new long[] {s[0], s[2], s[3], s[1]};
        }
        int[] target = constInts(n.inputs().get(1));
        long[] t = new long[target.length];
        long known = 1;
        int free = -1;
        long total = 1;
        for (long d : s) {
            total *= d;
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = target[i];
            if (t[i] == -1) {
                free = i;
            } else {
                known *= t[i];
            }
        }
        long[] outShape = t.clone();
        if (free >= 0) {
            outShape[free] = total / known;
        }
        String out = g.op("Reshape", name, List.of(x, g.ints("shape", t)));
        if (outShape.length == 4) {
            out = g.op("Transpose", name + "/to_nchw", List.of(out), intsAttr("perm", 0, 3, 1, 2));
            outShape = new long[] {outShape[0], outShape[3], outShape[1], outShape[2]};
        }
        shapes.put(out, outShape);
        return out;
    }

    // ----- helpers -----

    /**
     * ONNX pads (top, left, bottom, right) for TF's padding mode. SAME pads {@code max((out-1)*stride + extent - in, 0)}
     * in total with the odd pixel at the bottom/right, which ONNX's symmetric auto_pad would not reproduce.
     */
    private long[] pads(TfjsNode n, long[] s, int kh, int kw, long[] strides, long[] dil) throws RvmImportException {
        String mode = n.string("padding", "VALID");
        return switch (mode) {
            case "VALID" -> new long[4];
            case "SAME" -> {
                long[] h = same1d(s[2], kh, strides[0], dil[0]);
                long[] w = same1d(s[3], kw, strides[1], dil[1]);
                yield new long[] {h[0], w[0], h[1], w[1]};
            }
            default -> throw fail(n.name() + ": padding " + mode + " is not supported");
        };
    }

    private static long[] same1d(long in, int k, long stride, long dil) {
        long out = (in + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + (k - 1) * dil + 1 - in, 0);
        return new long[] {total / 2, total - total / 2};
    }

    /** The H and W entries of an NHWC 4-vector attribute (strides, ksize, dilations). */
    private long[] spatial(TfjsNode n, String key) throws RvmImportException {
        long[] v = n.ints(key);
        if (v.length != 4 || v[0] != 1 || v[3] != 1) {
            throw fail(n.name() + ": " + key + " " + Arrays.toString(v) + " (only spatial values are supported)");
        }
        return new long[] {v[1], v[2]};
    }

    private void checkNhwc(TfjsNode n) throws RvmImportException {
        String format = n.string("data_format", "NHWC");
        if (!format.equals("NHWC")) {
            throw fail(n.name() + ": data format " + format + " (only NHWC graphs are supported)");
        }
    }

    private String same(String out, String like) {
        shapes.put(out, shapes.get(like));
        return out;
    }

    private Tensor weight(TfjsNode n, int input) throws RvmImportException {
        if (n.inputs().size() <= input) {
            throw fail(n.name() + ": input " + input + " is missing");
        }
        return tensor(n.inputs().get(input));
    }

    private Tensor tensor(String ref) throws RvmImportException {
        Tensor t = model.floatTensors().get(ref);
        if (t == null) {
            throw fail(ref + " is not a float constant (only constant weights are supported)");
        }
        return t;
    }

    private int[] constInts(String ref) throws RvmImportException {
        int[] v = model.intTensors().get(ref);
        if (v == null) {
            throw fail(ref + " is not an int32 constant");
        }
        return v;
    }

    /** The TF name without the Keras wrapper prefix: readable ONNX node names. */
    private static String shortName(String tfName) {
        String[] parts = tfName.split("/");
        return parts.length <= 2 ? tfName : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    private RvmImportException fail(String what) {
        return new RvmImportException(model.file() + ": " + what);
    }
}
