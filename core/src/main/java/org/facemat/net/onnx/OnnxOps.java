package org.facemat.net.onnx;

import static org.facemat.net.onnx.GraphBuilder.floatAttr;
import static org.facemat.net.onnx.GraphBuilder.graphAttr;
import static org.facemat.net.onnx.GraphBuilder.intAttr;
import static org.facemat.net.onnx.GraphBuilder.intsAttr;
import static org.facemat.net.onnx.GraphBuilder.stringAttr;

import ai.onnx.proto.OnnxMl.GraphProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.facemat.net.Network;
import org.facemat.net.Ops;
import org.facemat.net.Port;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;

/**
 * The ONNX backend of {@link Ops}: each operation becomes graph nodes (opset 17), the parameters initializers named
 * after them. It lays some operations out for ONNX Runtime's CPU kernels and for TensorRT, computing the same values:
 * <ul>
 * <li>{@link #convOfConcat}: one conv per input part, summed; the weight slices are the initializers
 * {@code <module>.weight.partK} (no concatenated copy, and each part runs in the runtime's blocked-channel layout);</li>
 * <li>{@link #ifSameSize}: an {@code If} node on a scalar condition computed from shapes; each branch reshapes its
 * outputs to a shape taken from the inputs, so that both branches provably give the same shapes (as TensorRT
 * wants), and holds the weights it uses as its own initializers (ONNX Runtime picks its fast conv layout only for
 * those);</li>
 * <li>every Resize has a constant scale or sizes taken from a {@code Shape}: none takes a computed scale;</li>
 * <li>{@link #channelMean} of a full-size map is a [1,C] x [C,H*W] product (one streaming pass);</li>
 * <li>{@link #box3} is two depthwise convs with taps 1/3, as in the TFJS graph;</li>
 * <li>the backend follows the scale of every map (the working size halved k times, which is also the size after k
 * stride-2 convs); the partial sums of a conv over a concatenation and the operands of a residual sum are declared
 * with it, so that the runtime can prove their shapes equal and fuse the additions into the convs.</li>
 * </ul>
 */
public final class OnnxOps implements Ops<OnnxOps.Value> {
    /**
     * A value of the graph: its name, its channels, its scale (see the constants), and whether its size is provably
     * that of its scale: taken from a {@code Shape} (a Resize to sizes, a Reshape to a shape), which TensorRT can
     * follow, rather than known from arithmetic on sizes.
     */
    public record Value(String name, int channels, int scale, boolean shaped) {
        Value(String name, int channels, int scale) {
            this(name, channels, scale, false);
        }

        Value named(String other) {
            return new Value(other, channels, scale, shaped);
        }
    }

    /** The initializer of weight part {@code K} of a conv over a concatenation: {@code <module>.weight.partK}. */
    public static final String PART = ".part";

    /** Scale of a full-size map (H x W); the working size is 0 and k means halved k times. */
    static final int FULL = -1;
    static final int UNKNOWN = -1000;
    /** Scale of a [C,1,1] map, which broadcasts. */
    static final int POINT = 1000;

    private final WeightSet weights;
    private final GraphBuilder top;
    /** The graph nodes go to: the top graph or the branch being written. */
    private GraphBuilder g;
    private final List<GraphBuilder> open = new ArrayList<>();
    private final Map<GraphBuilder, Map<String, String>> sizes = new IdentityHashMap<>();
    /** Weights derived from the parameters (slices), made once even when two branches use them. */
    private final Map<String, Tensor> derived = new HashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private Value working;
    /** The last module or choice: names the nodes after it, one name to find in a profile. */
    private String scope = "input";

    private OnnxOps(WeightSet weights, String graphName) {
        this.weights = weights;
        this.top = new GraphBuilder(graphName);
        enter(top);
    }

    /** The graph of {@code network} with {@code weights}, its outputs declared in the network's order. */
    public static GraphProto graph(String name, Network network, WeightSet weights) {
        OnnxOps o = new OnnxOps(weights, name);
        network.forward(o);
        for (Port p : network.outputs()) {
            String value = o.outputs.get(p.name());
            if (value == null) {
                throw new IllegalStateException("the network gave no output " + p.name());
            }
            o.top.output(value, 1, p.channels(), p.height(), p.width());
        }
        return o.top.build();
    }

    private void enter(GraphBuilder b) {
        open.add(b);
        sizes.put(b, new HashMap<>());
        g = b;
    }

    private void leave() {
        open.remove(open.size() - 1);
        g = open.get(open.size() - 1);
    }

    // ----- inputs and outputs -----

    @Override
    public Value input(Port port) {
        String name = g.input(port.name(), 1, port.channels(), port.height(), port.width());
        switch (port.place()) {
            case FULL:
                return new Value(name, port.channels(), FULL);
            case WORKING:
                working = new Value(name, port.channels(), 0);
                return working;
            case STATE:
                return new Value(name, port.channels(), port.halvings());
            case WORKING_FROM_FULL:
                // the product's one downsampling: bilinear, half-pixel, no antialiasing; sizes from Shape(src_sm)
                if (working == null) {
                    throw new IllegalStateException(port.name() + " is read before the working image");
                }
                String r = g.op("Resize", port.name() + ".working_size", List.of(name, "", "",
                        planeShape(port.channels(), size(working))),
                        stringAttr("mode", "linear"), stringAttr("coordinate_transformation_mode", "half_pixel"));
                return new Value(r, port.channels(), 0);
            default:
                throw new IllegalArgumentException(port.toString());
        }
    }

    @Override
    public Value output(Port port, Value x) {
        if (g != top) {
            throw new IllegalStateException("outputs are made in the top graph: " + port.name());
        }
        if (outputs.containsKey(port.name())) {
            throw new IllegalStateException("two outputs named " + port.name());
        }
        String name = g.renameOutput(x.name(), port.name()) ? port.name()
                : g.opNamed("Identity", port.name(), List.of(x.name()));
        outputs.put(port.name(), name);
        return x.named(name);
    }

    // ----- layers with parameters -----

    @Override
    public Value conv(String module, Value x, int stride, int dilation, int groups) {
        Tensor w = weights.get(module + ".weight");
        String wName = g.initializer(module + ".weight", w);
        String bName = weights.contains(module + ".bias") ? g.initializer(module + ".bias",
                weights.get(module + ".bias")) : null;
        scope = module;
        String y = g.conv(module, x.name(), wName, bName, (int) w.dim(2), (int) w.dim(3), stride,
                padding(w, dilation), dilation, groups);
        return new Value(y, (int) w.dim(0), strided(x.scale(), stride));
    }

    private static int padding(Tensor w, int dilation) {
        return (int) (w.dim(2) - 1) / 2 * dilation;
    }

    private static int strided(int scale, int stride) {
        if (stride == 1 || scale == POINT) {
            return scale;
        }
        return stride == 2 && scale >= 0 && scale < POINT ? scale + 1 : UNKNOWN;
    }

    /**
     * The conv as one conv per input part with the matching slice of the weights (the bias goes to the last), summed.
     * ONNX Runtime runs each part in its blocked-channel layout and adds the partial sums inside the convs, where a
     * concatenation of 35 to 171 channels would fall back to a slower path and cost a copy.
     */
    @Override
    public Value convOfConcat(String module, List<Value> parts) {
        Tensor w = weights.get(module + ".weight");
        scope = module;
        Object[] dims = dims(parts.stream().mapToInt(Value::scale).filter(OnnxOps::known).findFirst().orElse(UNKNOWN));
        String sum = null;
        int from = 0;
        for (int i = 0; i < parts.size(); i++) {
            Value p = parts.get(i);
            int start = from;
            String part = module + ".weight" + PART + i;
            String wName = g.initializer(part, derived(part, () -> inputChannels(w, start, p.channels())));
            from += p.channels();
            String bName = i == parts.size() - 1 ? g.initializer(module + ".bias", weights.get(module + ".bias"))
                    : null;
            String y = g.conv(module + PART + i, p.name(), wName, bName, (int) w.dim(2), (int) w.dim(3), 1,
                    padding(w, 1), 1, 1);
            declare(y, (int) w.dim(0), dims);
            if (sum != null) {
                y = g.add(module + ".sum" + i, sum, y);
                declare(y, (int) w.dim(0), dims);
            }
            sum = y;
        }
        if (from != w.dim(1)) {
            throw new IllegalStateException(module + ": parts have " + from + " channels, the weight " + w.dim(1));
        }
        return new Value(sum, (int) w.dim(0), parts.get(0).scale());
    }

    /** The initializers {@code <module>.weight.<tag>} and {@code <module>.bias.<tag>} hold the rows computed. */
    @Override
    public Value convOutputs(String module, Value x, int from, int count, String tag) {
        Tensor w = weights.get(module + ".weight");
        Tensor b = weights.get(module + ".bias");
        String wName = g.initializer(module + ".weight." + tag, derived(module + ".weight." + tag,
                () -> outputChannels(w, from, count)));
        String bName = g.initializer(module + ".bias." + tag, derived(module + ".bias." + tag,
                () -> new Tensor(new long[] {count}, Arrays.copyOfRange(b.data(), from, from + count))));
        scope = module;
        String y = g.conv(module + "." + tag, x.name(), wName, bName, (int) w.dim(2), (int) w.dim(3), 1,
                padding(w, 1), 1, 1);
        return new Value(y, count, x.scale());
    }

    @Override
    public Value channelParameter(String name) {
        Tensor t = weights.get(name);
        String n = g.initializer(name, derived(name + ".nchw", () -> t.reshape(1, t.dim(0), 1, 1)));
        return new Value(n, (int) t.dim(0), POINT);
    }

    // ----- elementwise -----

    private Value binary(String op, Value a, Value b) {
        String y = g.op(op, scope + "." + op.toLowerCase(), List.of(a.name(), b.name()));
        Value main = a.scale() == POINT || !known(a.scale()) && a.scale() != FULL ? b : a;
        Value other = main == a ? b : a;
        boolean shaped = main.shaped() && (other.shaped() || other.scale() == POINT);
        return new Value(y, Math.max(a.channels(), b.channels()), main.scale(), shaped);
    }

    private Value unary(String op, Value x) {
        return x.named(g.op(op, scope + "." + op.toLowerCase(), List.of(x.name())));
    }

    @Override
    public Value add(Value a, Value b) {
        return binary("Add", a, b);
    }

    @Override
    public Value sub(Value a, Value b) {
        return binary("Sub", a, b);
    }

    @Override
    public Value mul(Value a, Value b) {
        return binary("Mul", a, b);
    }

    @Override
    public Value div(Value a, Value b) {
        return binary("Div", a, b);
    }

    /** Declares both operands with the symbolic size of their scale, so that the runtime fuses the sum into a conv. */
    @Override
    public Value residual(Value x, Value skip) {
        Object[] dims = dims(known(x.scale()) ? x.scale() : skip.scale());
        declare(x.name(), x.channels(), dims);
        declare(skip.name(), skip.channels(), dims);
        return new Value(g.add(scope + ".residual", x.name(), skip.name()), x.channels(), x.scale());
    }

    @Override
    public Value addScalar(Value x, float c) {
        return x.named(g.add(scope + ".add", x.name(), g.scalar(c)));
    }

    @Override
    public Value relu(Value x) {
        return unary("Relu", x);
    }

    @Override
    public Value sigmoid(Value x) {
        return unary("Sigmoid", x);
    }

    @Override
    public Value tanh(Value x) {
        return unary("Tanh", x);
    }

    @Override
    public Value hardswish(Value x) {
        return unary("HardSwish", x);
    }

    @Override
    public Value hardsigmoid(Value x) {
        // relu6(x + 3) / 6 = max(0, min(1, x / 6 + 1/2))
        return new Value(g.op("HardSigmoid", scope + ".hardsigmoid", List.of(x.name()), floatAttr("alpha", 1f / 6f),
                floatAttr("beta", 0.5f)), x.channels(), x.scale());
    }

    @Override
    public Value softplus(Value x) {
        return unary("Softplus", x);
    }

    @Override
    public Value clip(Value x, float min, float max) {
        return x.named(g.op("Clip", scope + ".clip", List.of(x.name(), g.scalar(min), g.scalar(max))));
    }

    // ----- channels -----

    @Override
    public List<Value> split(Value x, int... channels) {
        long[] sizes = Arrays.stream(channels).asLongStream().toArray();
        String[] names = g.splitChannels(scope + ".split", x.name(), sizes);
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            out.add(new Value(names[i], channels[i], x.scale(), x.shaped()));
        }
        return out;
    }

    @Override
    public List<Value> halves(Value x) {
        String[] names = g.halves(scope + ".halves", x.name());
        return List.of(new Value(names[0], x.channels() / 2, x.scale(), x.shaped()),
                new Value(names[1], x.channels() / 2, x.scale(), x.shaped()));
    }

    @Override
    public Value concat(List<Value> parts) {
        String y = g.concat(scope + ".concat", parts.stream().map(Value::name).toArray(String[]::new));
        int scale = parts.stream().mapToInt(Value::scale).filter(s -> known(s) || s == FULL).findFirst()
                .orElse(UNKNOWN);
        return new Value(y, parts.stream().mapToInt(Value::channels).sum(), scale);
    }

    @Override
    public int channels(Value x) {
        return x.channels();
    }

    /**
     * At full size, a [1,1,C] x [1,C,H*W] product: one streaming pass over the frame, measured several times faster
     * than ReduceMean over the channel axis at 1080p. Else ReduceMean.
     */
    @Override
    public Value channelMean(Value x) {
        if (x.scale() != FULL) {
            return new Value(g.op("ReduceMean", scope + ".channel_mean", List.of(x.name()), intsAttr("axes", 1),
                    intAttr("keepdims", 1)), 1, x.scale());
        }
        int c = x.channels();
        String flat = g.op("Reshape", x.name() + ".flat", List.of(x.name(), g.ints("shape_1_" + c + "_flat", 1, c,
                -1)));
        float[] taps = new float[c];
        Arrays.fill(taps, 1f / c);
        String mean = g.op("MatMul", x.name() + ".channel_mean_flat", List.of(g.floats("channel_mean_weights",
                new long[] {1, 1, c}, taps), flat));
        String grey = g.op("Reshape", x.name() + ".channel_mean", List.of(mean, planeShape(1, size(x))));
        sizes.get(g).put(grey, size(x)); // the size of x: no Shape of its own
        return new Value(grey, 1, FULL, true);
    }

    // ----- spatial -----

    @Override
    public Value spatialMean(Value x) {
        return new Value(g.op("GlobalAveragePool", scope + ".spatial_mean", List.of(x.name())), x.channels(), POINT);
    }

    @Override
    public Value avgPool2(Value x) {
        String y = g.op("AveragePool", x.name() + ".pool", List.of(x.name()),
                intsAttr("kernel_shape", 2, 2),
                intsAttr("strides", 2, 2),
                intsAttr("pads", 0, 0, 1, 1),
                intAttr("count_include_pad", 0));
        return new Value(y, x.channels(), known(x.scale()) ? x.scale() + 1 : UNKNOWN);
    }

    @Override
    public Value box3(Value x) {
        int c = x.channels();
        float[] taps = new float[c * 3];
        Arrays.fill(taps, 1f / 3f);
        String kV = g.floats("box_3x1_" + c, new long[] {c, 1, 3, 1}, taps);
        String kH = g.floats("box_1x3_" + c, new long[] {c, 1, 1, 3}, taps);
        String v = g.conv(scope + ".box_v", x.name(), kV, null, 3, 1, 1, 0, 1, c);
        return new Value(g.conv(scope + ".box_h", v, kH, null, 1, 3, 1, 0, 1, c), c, UNKNOWN);
    }

    /** Bilinear x2 with a constant scale, cropped to {@code Shape(like)}. */
    @Override
    public Value up2(Value x, Value like) {
        String up = upsample2(x.name());
        String y = g.op("Slice", scope + ".crop", List.of(up, g.ints("zeros_2", 0, 0), size(like),
                g.ints("axes_hw", 2, 3)));
        return new Value(y, x.channels(), like.scale());
    }

    /**
     * Bilinear x2 after a 1x1 MaxPool, an identity whose output the runtime keeps in its blocked layout (its blocked
     * upsampling takes only such inputs), so that the convs after it stay in that layout.
     */
    @Override
    public Value up2Exact(Value x, Value like) {
        String blocked = g.op("MaxPool", scope + ".blocked", List.of(x.name()), intsAttr("kernel_shape", 1, 1));
        String up = upsample2(blocked);
        declare(up, x.channels(), dims(like.scale()));
        return new Value(up, x.channels(), like.scale());
    }

    private String upsample2(String x) {
        return g.op("Resize", scope + ".up", List.of(x, "", g.floats("scales_x2", new long[] {4}, 1f, 1f, 2f, 2f)),
                stringAttr("mode", "linear"), stringAttr("coordinate_transformation_mode", "half_pixel"));
    }

    /** Resize with sizes from {@code Shape(like)}, as TensorRT wants. */
    @Override
    public Value resizeLike(Value x, Value like) {
        String y = g.op("Resize", scope + ".resize", List.of(x.name(), "", "", planeShape(x.channels(), size(like))),
                stringAttr("mode", "linear"), stringAttr("coordinate_transformation_mode", "half_pixel"));
        return new Value(y, x.channels(), like.scale(), true);
    }

    // ----- control -----

    @Override
    public List<Value> ifSameSize(Choice choice, Value a, int factor, Value b, Supplier<List<Value>> same,
                                  Supplier<List<Value>> other, Value like) {
        scope = choice.name();
        String sa = size(a);
        if (factor != 1) {
            sa = g.mul(choice.name() + ".size_x" + factor, sa, g.ints("times_" + factor + "_2", factor, factor));
        }
        String pair = g.op("Equal", choice.name() + ".same_size", List.of(sa, size(b)));
        String first = g.op("Gather", choice.name() + ".same_h", List.of(pair, g.ints("index_0", true, 0)),
                intAttr("axis", 0));
        String second = g.op("Gather", choice.name() + ".same_w", List.of(pair, g.ints("index_1", true, 1)),
                intAttr("axis", 0));
        String cond = g.op("And", choice.name() + ".cond", List.of(first, second));
        size(like); // made here, before the branches
        GraphBuilder outer = g;
        Branch sameBranch = branch(choice.sameBranch(), same, like);
        Branch otherBranch = branch(choice.otherBranch(), other, like);
        List<Value> sameOut = sameBranch.outputs();
        List<Value> otherOut = otherBranch.outputs();
        if (!sameOut.stream().map(Value::channels).toList().equals(otherOut.stream().map(Value::channels).toList())) {
            throw new IllegalStateException(choice.name() + ": the branches give different outputs");
        }
        String[] names = new String[sameOut.size()];
        List<Value> result = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            names[i] = outer.unique(choice.name() + ".out" + i);
            result.add(new Value(names[i], sameOut.get(i).channels(), like.scale(), true));
        }
        outer.node("If", choice.name(), List.of(cond), names, graphAttr("then_branch", sameBranch.graph().build()),
                graphAttr("else_branch", otherBranch.graph().build()));
        scope = choice.name();
        return result;
    }

    /** A branch written, and its outputs. */
    private record Branch(GraphBuilder graph, List<Value> outputs) {
    }

    /**
     * Writes one branch. Its outputs must have provably the shape [1, C, size of like]: one whose size comes from a
     * Shape of that size already is output as it is, any other is reshaped to that shape (made in the outer graph).
     */
    private Branch branch(String name, Supplier<List<Value>> body, Value like) {
        GraphBuilder b = g.branch(name);
        enter(b);
        List<Value> out = body.get();
        List<Value> shaped = new ArrayList<>();
        for (Value v : out) {
            Value r = v;
            if (!(v.shaped() && v.scale() == like.scale())) {
                String shape = planeShape(open.get(open.size() - 2), v.channels(), size(like));
                r = new Value(b.op("Reshape", v.name() + ".shaped", List.of(v.name(), shape)), v.channels(),
                        like.scale(), true);
            }
            b.output(r.name());
            shaped.add(r);
        }
        leave();
        return new Branch(b, shaped);
    }

    // ----- helpers -----

    /** int64 [h, w] of {@code x}, made once in the outermost open graph that has it. */
    private String size(Value x) {
        for (GraphBuilder b : open) {
            String s = sizes.get(b).get(x.name());
            if (s != null) {
                return s;
            }
        }
        String s = g.op("Shape", "size_" + x.name(), List.of(x.name()), intAttr("start", 2), intAttr("end", 4));
        sizes.get(g).put(x.name(), s);
        return s;
    }

    /** int64 [1, channels, h, w] from a size [h, w], made once in the outermost open graph that has it. */
    private String planeShape(int channels, String size) {
        return planeShape(g, channels, size);
    }

    /** {@link #planeShape(int, String)}, made in {@code in} when no open graph has it. */
    private String planeShape(GraphBuilder in, int channels, String size) {
        String key = "[1," + channels + "]+" + size;
        for (GraphBuilder b : open) {
            String s = sizes.get(b).get(key);
            if (s != null) {
                return s;
            }
        }
        String s = in.op("Concat", size + ".nchw", List.of(in.ints("batch_" + channels + "ch", 1, channels), size),
                intAttr("axis", 0));
        sizes.get(in).put(key, s);
        return s;
    }

    private static boolean known(int scale) {
        return scale >= 0 && scale < POINT;
    }

    /** Symbolic [1, C, h, w] dims of a scale, or null when the scale is not followed. */
    private static Object[] dims(int scale) {
        if (scale == FULL) {
            return new Object[] {"H", "W"};
        }
        if (!known(scale)) {
            return null;
        }
        return scale == 0 ? new Object[] {"h", "w"} : new Object[] {"h_s" + (1 << scale), "w_s" + (1 << scale)};
    }

    private void declare(String value, int channels, Object[] hw) {
        if (hw != null) {
            g.valueInfo(value, 1, channels, hw[0], hw[1]);
        }
    }

    private Tensor derived(String name, Supplier<Tensor> make) {
        return derived.computeIfAbsent(name, k -> make.get());
    }

    /** The slice [:, from:from+n] of an OIHW weight. */
    public static Tensor inputChannels(Tensor w, int from, int n) {
        int out = (int) w.dim(0);
        int in = (int) w.dim(1);
        int k = (int) (w.dim(2) * w.dim(3));
        float[] v = new float[out * n * k];
        for (int o = 0; o < out; o++) {
            System.arraycopy(w.data(), (o * in + from) * k, v, o * n * k, n * k);
        }
        return new Tensor(new long[] {out, n, w.dim(2), w.dim(3)}, v);
    }

    /** The slice [from:from+n] of an OIHW weight. */
    public static Tensor outputChannels(Tensor w, int from, int n) {
        int per = (int) (w.dim(1) * w.dim(2) * w.dim(3));
        return new Tensor(new long[] {n, w.dim(1), w.dim(2), w.dim(3)},
                Arrays.copyOfRange(w.data(), from * per, (from + n) * per));
    }
}
