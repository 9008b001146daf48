package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * One 2-D convolution with its bias, the unit every layer of the network is made of (BatchNorm is already folded into
 * the RVM weights, so there is none). Weight layout is PyTorch's OIHW ({@code [out, in/groups, k, k]}); padding is
 * symmetric, {@code (k-1)/2 * dilation}, which is what the RVM graph does (explicit Pad + VALID), also for stride 2
 * where TF "SAME" would pad asymmetrically.
 */
public final class ConvUnit extends NetBlock {
    private final String name;
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param name     PyTorch module name, e.g. {@code backbone.features.0.0}; its parameters are
     *                 {@code name.weight} and {@code name.bias}
     * @param groups   1 for a dense conv, {@code in} for a depthwise conv
     * @param withBias false only for {@code aspp.aspp2.1}
     */
    public ConvUnit(String name, int in, int out, int kernel, int stride, int dilation, int groups, boolean withBias) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.dilation = dilation;
        this.padding = (kernel - 1) / 2 * dilation;
        this.groups = groups;
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(name + ": channels " + in + "->" + out + " not divisible by groups " + groups);
        }
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in / groups, kernel, kernel))
                .optInitializer(new XavierInitializer())
                .build());
        bias = withBias
                ? addParameter(Parameter.builder()
                        .setName("bias")
                        .setType(Parameter.Type.BIAS)
                        .optShape(new Shape(out))
                        .optInitializer(new ConstantInitializer(0f))
                        .build())
                : null;
    }

    /** Dense conv, stride 1, "same" padding. */
    public static ConvUnit dense(String name, int in, int out, int kernel) {
        return new ConvUnit(name, in, out, kernel, 1, 1, 1, true);
    }

    public String name() {
        return name;
    }

    public Parameter weight() {
        return weight;
    }

    /** Null when the conv has no bias. */
    public Parameter bias() {
        return bias;
    }

    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(dilation, dilation), groups).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, outSize(s.get(2)), outSize(s.get(3)))};
    }

    private long outSize(long n) {
        return (n + 2L * padding - (long) dilation * (kernel - 1) - 1) / stride + 1;
    }

    @Override
    public String toString() {
        return "ConvUnit(" + name + ", " + in + "->" + out + ", k" + kernel + "/s" + stride + "/d" + dilation
                + (groups > 1 ? ", groups " + groups : "") + ")";
    }
}
