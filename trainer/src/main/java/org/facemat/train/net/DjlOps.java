package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.facemat.net.Ops;
import org.facemat.net.Port;
import org.facemat.train.nd.Scalars;

/**
 * The DJL backend of {@link Ops}: evaluates each operation at once on NDArrays, so that the forward pass records
 * gradients for training. Parameters come from a {@link ParameterStore}; an {@link #ifSameSize} runs the branch the
 * sizes pick. One instance serves one forward pass.
 */
final class DjlOps implements Ops<NDArray> {
    private static final String ROWS = ":, :, {}:{}";
    private static final String COLS = ":, :, :, {}:{}";
    private static final float THIRD = 1f / 3f;

    private final ParameterStore ps;
    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> inputs;
    private final boolean training;
    private final Map<String, NDArray> outputs = new LinkedHashMap<>();
    private NDArray working;

    /**
     * @param inputs by port name; a state or a prior left out is filled (zeros, or the port's fill value); an input
     *               at the working size from full ({@link Port.Place#WORKING_FROM_FULL}) is given at the working size
     */
    DjlOps(ParameterStore ps, Map<String, Parameter> parameters, Map<String, NDArray> inputs, boolean training) {
        this.ps = ps;
        this.parameters = parameters;
        this.inputs = inputs;
        this.training = training;
    }

    Map<String, NDArray> outputs() {
        return outputs;
    }

    @Override
    public NDArray input(Port port) {
        NDArray v = inputs.get(port.name());
        if (port.place() == Port.Place.WORKING && v != null) {
            working = v;
        }
        if (v != null) {
            return v;
        }
        if (working == null || port.place() == Port.Place.FULL || port.place() == Port.Place.WORKING) {
            throw new IllegalArgumentException("input " + port.name() + " is missing");
        }
        Shape w = working.getShape();
        NDManager m = working.getManager();
        if (port.place() == Port.Place.STATE) {
            return m.zeros(new Shape(w.get(0), port.channels(), port.stateSize((int) w.get(2)),
                    port.stateSize((int) w.get(3))));
        }
        return m.full(new Shape(w.get(0), port.channels(), w.get(2), w.get(3)), port.fill());
    }

    @Override
    public NDArray output(Port port, NDArray x) {
        outputs.put(port.name(), x);
        return x;
    }

    private NDArray value(String name, NDArray like) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return ps.getValue(p, like.getDevice(), training);
    }

    @Override
    public NDArray conv(String module, NDArray x, int stride, int dilation, int groups) {
        NDArray w = value(module + ".weight", x);
        NDArray b = parameters.containsKey(module + ".bias") ? value(module + ".bias", x) : null;
        return conv(x, w, b, stride, dilation, groups);
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int dilation, int groups) {
        long pad = (w.getShape().get(2) - 1) / 2 * dilation;
        return Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(pad, pad), new Shape(dilation, dilation),
                groups).singletonOrThrow();
    }

    @Override
    public NDArray convOfConcat(String module, List<NDArray> parts) {
        return conv(module, concat(parts));
    }

    @Override
    public NDArray convOutputs(String module, NDArray x, int from, int count, String tag) {
        NDIndex rows = new NDIndex("{}:{}", from, from + count);
        return conv(x, value(module + ".weight", x).get(rows), value(module + ".bias", x).get(rows), 1, 1, 1);
    }

    @Override
    public NDArray channelParameter(String name) {
        if (working == null) {
            throw new IllegalStateException(name + " is read before the working image");
        }
        NDArray v = value(name, working);
        v = v.reshape(1, v.getShape().get(0), 1, 1);
        v.attach(working.getManager()); // owned by the caller's scope, which frees it after the frame
        return v;
    }

    @Override
    public NDArray add(NDArray a, NDArray b) {
        return a.add(b);
    }

    @Override
    public NDArray sub(NDArray a, NDArray b) {
        return a.sub(b);
    }

    @Override
    public NDArray mul(NDArray a, NDArray b) {
        return a.mul(b);
    }

    @Override
    public NDArray div(NDArray a, NDArray b) {
        return a.div(b);
    }

    @Override
    public NDArray residual(NDArray x, NDArray skip) {
        return x.add(skip);
    }

    @Override
    public NDArray addScalar(NDArray x, float c) {
        return x.add(c);
    }

    @Override
    public NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    @Override
    public NDArray sigmoid(NDArray x) {
        return Activation.sigmoid(x);
    }

    @Override
    public NDArray tanh(NDArray x) {
        return Activation.tanh(x);
    }

    @Override
    public NDArray hardswish(NDArray x) {
        return Activations.hardswish(x);
    }

    @Override
    public NDArray hardsigmoid(NDArray x) {
        return Activations.hardsigmoid(x);
    }

    @Override
    public NDArray softplus(NDArray x) {
        return Activation.softPlus(x);
    }

    @Override
    public NDArray clip(NDArray x, float min, float max) {
        return x.clip(min, max);
    }

    @Override
    public List<NDArray> split(NDArray x, int... sizes) {
        long[] at = new long[sizes.length - 1];
        long sum = 0;
        for (int i = 0; i < at.length; i++) {
            sum += sizes[i];
            at[i] = sum;
        }
        return x.split(at, 1);
    }

    @Override
    public List<NDArray> halves(NDArray x) {
        return x.split(2, 1);
    }

    @Override
    public NDArray concat(List<NDArray> parts) {
        return NDArrays.concat(new NDList(parts), 1);
    }

    @Override
    public int channels(NDArray x) {
        return (int) x.getShape().get(1);
    }

    @Override
    public NDArray channelMean(NDArray x) {
        return x.mean(new int[] {1}, true);
    }

    /** Mean over H and W, kept as [B,C,1,1] (DJL's PyTorch mean takes a single axis, sum takes several). */
    @Override
    public NDArray spatialMean(NDArray x) {
        Shape s = x.getShape();
        return Scalars.times(x.sum(new int[] {2, 3}, true), 1f / (s.get(2) * s.get(3)));
    }

    @Override
    public NDArray avgPool2(NDArray x) {
        return avgPool(x);
    }

    /**
     * 2x2 average pool, stride 2, TF "SAME": PyTorch's ceil_mode without padding and count_include_pad=false computes
     * exactly that.
     */
    static NDArray avgPool(NDArray x) {
        return Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true, false);
    }

    @Override
    public NDArray box3(NDArray x) {
        return box(x);
    }

    /**
     * Separable 3x3 mean without padding: 3 rows then 3 columns, each {@code (a + b + c) * (1/3)}. The model file
     * does this as two depthwise convs with taps 1/3; slices and adds give the same up to float rounding and are
     * several times faster than a grouped conv on the CPU.
     */
    static NDArray box(NDArray x) {
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        if (h < 3 || w < 3) {
            throw new IllegalArgumentException("the guided filter needs a working image of at least 3x3, got " + s);
        }
        NDArray v = Scalars.times(x.get(ROWS, 0, h - 2).add(x.get(ROWS, 1, h - 1)).add(x.get(ROWS, 2, h)), THIRD);
        return Scalars.times(v.get(COLS, 0, w - 2).add(v.get(COLS, 1, w - 1)).add(v.get(COLS, 2, w)), THIRD);
    }

    @Override
    public NDArray up2(NDArray x, NDArray like) {
        return HalfPixelResize.up2Crop(x, like.getShape().get(2), like.getShape().get(3));
    }

    @Override
    public NDArray up2Exact(NDArray x, NDArray like) {
        return up2(x, like);
    }

    @Override
    public NDArray resizeLike(NDArray x, NDArray like) {
        return HalfPixelResize.bilinear(x, like.getShape().get(2), like.getShape().get(3));
    }

    @Override
    public List<NDArray> ifSameSize(Choice choice, NDArray a, int factor, NDArray b, Supplier<List<NDArray>> same,
                                    Supplier<List<NDArray>> other, NDArray like) {
        Shape sa = a.getShape();
        Shape sb = b.getShape();
        boolean equal = sa.get(2) * factor == sb.get(2) && sa.get(3) * factor == sb.get(3);
        return new ArrayList<>(equal ? same.get() : other.get());
    }
}
