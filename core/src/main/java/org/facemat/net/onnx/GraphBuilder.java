package org.facemat.net.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facemat.net.weights.Tensor;

/**
 * Writes one ONNX graph (or an {@code If} branch) node by node: unique value names, initializers, typed inputs and
 * outputs, and small helpers for the ops the FaceMat network uses. Branch builders share the value names of the
 * top-level graph (ONNX forbids a branch from reusing an outer name) but keep their own initializers: ONNX Runtime
 * moves a conv to its fast blocked layout only when the weights are initializers of the conv's own graph.
 */
public final class GraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names;
    private final Map<String, String> constants;
    private final Map<Tensor, String> parameters;
    private final Set<String> declared = new HashSet<>();
    /** Values some node (of this graph or a branch) reads, or that are outputs. */
    private final Set<String> used;

    public GraphBuilder(String graphName) {
        graph.setName(graphName);
        names = new HashSet<>();
        used = new HashSet<>();
        constants = new HashMap<>();
        parameters = new java.util.IdentityHashMap<>();
    }

    private GraphBuilder(GraphBuilder parent, String graphName) {
        graph.setName(graphName);
        names = parent.names;
        used = parent.used;
        constants = new HashMap<>();
        parameters = new java.util.IdentityHashMap<>();
    }

    /** A builder for a branch of an {@code If} node; it can read every value of this graph. */
    public GraphBuilder branch(String graphName) {
        return new GraphBuilder(this, graphName);
    }

    public GraphProto build() {
        return graph.build();
    }

    /** {@code base} itself if unused, else {@code base_2}, {@code base_3}, ... */
    public String unique(String base) {
        String n = base;
        for (int i = 2; names.contains(n); i++) {
            n = base + "_" + i;
        }
        names.add(n);
        return n;
    }

    // ----- graph inputs and outputs -----

    /** Declares a float32 input; each dim is a number (fixed) or a string (symbolic, e.g. "H"). */
    public String input(String name, Object... dims) {
        claim(name);
        graph.addInput(floatValueInfo(name, dims));
        return name;
    }

    /** Declares an existing value as a float32 output; no dims means rank and shape are left to inference. */
    public void output(String value, Object... dims) {
        used.add(value);
        graph.addOutput(floatValueInfo(value, dims));
    }

    /** Declares the shape of an intermediate value, for the runtime's shape-dependent optimisations. */
    public void valueInfo(String value, Object... dims) {
        if (declared.add(value)) {
            graph.addValueInfo(floatValueInfo(value, dims));
        }
    }

    public static ValueInfoProto floatValueInfo(String name, Object... dims) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE);
        if (dims.length > 0) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (Object d : dims) {
                if (d instanceof String p) {
                    s.addDimBuilder().setDimParam(p);
                } else if (d instanceof Number v) {
                    s.addDimBuilder().setDimValue(v.longValue());
                } else {
                    throw new IllegalArgumentException("dimension must be a number or a name: " + d);
                }
            }
            t.setShape(s);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    // ----- constants, stored in the graph being built -----

    /**
     * A float32 initializer named {@code name} (a parameter name), with the tensor's values; a tensor used again in
     * the same graph is stored once.
     */
    public String initializer(String name, Tensor t) {
        String existing = parameters.get(t);
        if (existing != null) {
            return existing;
        }
        String n = addFloatInitializer(unique(name), t.shape(), t.data());
        parameters.put(t, n);
        return n;
    }

    /** A float32 constant; identical constants are stored once. */
    public String floats(String hint, long[] shape, float... values) {
        String key = "f" + Arrays.toString(shape) + Arrays.toString(values);
        String existing = constants.get(key);
        if (existing != null) {
            return existing;
        }
        String n = addFloatInitializer(unique(hint), shape, values);
        constants.put(key, n);
        return n;
    }

    /** A float32 scalar constant (rank 0), e.g. the bounds of {@code Clip}. */
    public String scalar(float v) {
        return floats("const_" + v, new long[0], v);
    }

    /** An int64 constant of rank 1 ({@code scalar == false}) or rank 0 (one value, {@code scalar == true}). */
    public String ints(String hint, boolean scalar, long... values) {
        String key = "i" + scalar + Arrays.toString(values);
        String existing = constants.get(key);
        if (existing != null) {
            return existing;
        }
        if (scalar && values.length != 1) {
            throw new IllegalArgumentException("a scalar has one value");
        }
        String n = unique(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(n).setDataType(TensorProto.DataType.INT64_VALUE);
        if (!scalar) {
            t.addDims(values.length);
        }
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        t.setRawData(ByteString.copyFrom(b.array()));
        graph.addInitializer(t);
        constants.put(key, n);
        return n;
    }

    public String ints(String hint, long... values) {
        return ints(hint, false, values);
    }

    private String addFloatInitializer(String name, long[] shape, float[] values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : shape) {
            t.addDims(d);
        }
        // raw_data is little-endian per the ONNX spec
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        t.setRawData(ByteString.copyFrom(b.array()));
        graph.addInitializer(t);
        return name;
    }

    // ----- nodes -----

    /**
     * Adds a node; its outputs are named {@code outputs} when given, else after the node.
     *
     * @return the output names
     */
    public String[] node(String opType, String nodeName, List<String> inputs, String[] outputs, AttributeProto... attrs) {
        String n = unique(nodeName);
        used.addAll(inputs);
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(opType).setName(n).addAllInput(inputs);
        for (String o : outputs) {
            b.addOutput(o);
        }
        for (AttributeProto a : attrs) {
            b.addAttribute(a);
        }
        graph.addNode(b);
        return outputs;
    }

    /** A node with one output, named after the node. */
    public String op(String opType, String nodeName, List<String> inputs, AttributeProto... attrs) {
        String out = unique(nodeName);
        used.addAll(inputs);
        // the node takes the same name as its output: one name to find in a profile
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(opType).setName(out).addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attrs) {
            b.addAttribute(a);
        }
        graph.addNode(b);
        return out;
    }

    /** A node with one output whose name is fixed, e.g. a graph output. */
    public String opNamed(String opType, String output, List<String> inputs, AttributeProto... attrs) {
        claim(output);
        node(opType, output, inputs, new String[] {output}, attrs);
        return output;
    }

    /** A node with {@code count} outputs named {@code nodeName:0..}. */
    public String[] opMulti(String opType, String nodeName, int count, List<String> inputs, AttributeProto... attrs) {
        String base = unique(nodeName);
        used.addAll(inputs);
        String[] outs = new String[count];
        for (int i = 0; i < count; i++) {
            outs[i] = unique(base + ":" + i);
        }
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(opType).setName(base).addAllInput(inputs);
        for (String o : outs) {
            b.addOutput(o);
        }
        for (AttributeProto a : attrs) {
            b.addAttribute(a);
        }
        graph.addNode(b);
        return outs;
    }

    /**
     * Renames the output {@code from} of a node of this graph to {@code to} (a node named after its output is renamed
     * too), when nothing reads {@code from} yet.
     *
     * @return false when {@code from} is read already or is not made by a node of this graph
     */
    public boolean renameOutput(String from, String to) {
        if (used.contains(from)) {
            return false;
        }
        for (int i = graph.getNodeCount() - 1; i >= 0; i--) {
            NodeProto.Builder n = graph.getNodeBuilder(i);
            for (int j = 0; j < n.getOutputCount(); j++) {
                if (n.getOutput(j).equals(from)) {
                    claim(to);
                    n.setOutput(j, to);
                    if (n.getName().equals(from)) {
                        n.setName(to);
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /** Reserves a fixed name (a graph output); fails if it is taken. */
    public void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("name already used: " + name);
        }
    }

    // ----- op helpers -----

    public String add(String name, String a, String b) {
        return op("Add", name, List.of(a, b));
    }

    public String sub(String name, String a, String b) {
        return op("Sub", name, List.of(a, b));
    }

    public String mul(String name, String a, String b) {
        return op("Mul", name, List.of(a, b));
    }

    public String div(String name, String a, String b) {
        return op("Div", name, List.of(a, b));
    }

    public String relu(String name, String x) {
        return op("Relu", name, List.of(x));
    }

    public String concat(String name, String... parts) {
        return op("Concat", name, List.of(parts), intAttr("axis", 1));
    }

    /** Splits the channel axis into {@code sizes} parts. */
    public String[] splitChannels(String name, String x, long... sizes) {
        return opMulti("Split", name, sizes.length, List.of(x, ints("split_" + join(sizes), sizes)), intAttr("axis", 1));
    }

    /** Splits the channel axis into two equal halves. */
    public String[] halves(String name, String x) {
        return opMulti("Split", name, 2, List.of(x), intAttr("axis", 1));
    }

    /**
     * 2-D convolution with symmetric zero padding {@code pad} on every side.
     *
     * @param bias initializer name, or null
     */
    public String conv(String name, String x, String weight, String bias, int kernelH, int kernelW, int stride, int pad,
                int dilation, int group) {
        List<String> in = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
        return op("Conv", name, in,
                intsAttr("kernel_shape", kernelH, kernelW),
                intsAttr("strides", stride, stride),
                intsAttr("pads", pad, pad, pad, pad),
                intsAttr("dilations", dilation, dilation),
                intAttr("group", group));
    }

    // ----- attributes -----

    public static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    public static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    public static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    public static AttributeProto stringAttr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    public static AttributeProto graphAttr(String name, GraphProto g) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
    }

    private static String join(long[] v) {
        StringBuilder s = new StringBuilder();
        for (long x : v) {
            s.append(s.length() == 0 ? "" : "_").append(x);
        }
        return s.toString();
    }
}
