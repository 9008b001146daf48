package org.facemat.net;

import java.util.List;
import java.util.function.Supplier;

/**
 * The operations the network is written with (NCHW tensors, batch first). A network ({@link Network}) is written
 * once against this vocabulary; each backend gives the operations their meaning: the DJL backend of the trainer
 * evaluates them (with gradients, for training), the ONNX backend ({@link org.facemat.net.onnx.OnnxOps}) writes them
 * as graph nodes. Where a backend lays an operation out in a form of its own (the ONNX backend's conv per input part
 * of {@link #convOfConcat}, its {@code If} nodes for {@link #ifSameSize}), the values are the same.
 *
 * <p>Parameters are named as in the network's parameter table ({@link Network#parameterShapes}): a conv
 * {@code module} reads {@code module.weight} (OIHW) and, when the table has it, {@code module.bias}.
 *
 * @param <T> the backend's tensor
 */
public interface Ops<T> {

    // ----- inputs and outputs -----

    /** The network input {@code port}; inputs are declared in the order the network asks for them. */
    T input(Port port);

    /**
     * Makes {@code x} the network output {@code port} and returns the value to go on with: call it where the value
     * is made, before it is used further.
     */
    T output(Port port, T x);

    // ----- layers with parameters -----

    /** 2-D convolution, symmetric zero padding {@code (k - 1) / 2 * dilation}, kernel size from the weight. */
    T conv(String module, T x, int stride, int dilation, int groups);

    /** A dense convolution, stride 1. */
    default T conv(String module, T x) {
        return conv(module, x, 1, 1, 1);
    }

    /** A dense convolution, stride 1, of the channel concatenation of {@code parts} (in the weight's channel order). */
    T convOfConcat(String module, List<T> parts);

    /**
     * Output channels {@code from .. from + count - 1} of the dense 1x1 (stride 1) convolution {@code module}, the
     * others not computed; {@code tag} names the slice where a backend stores it.
     */
    T convOutputs(String module, T x, int from, int count, String tag);

    /** A per-channel parameter of shape [C], as [1,C,1,1]. */
    T channelParameter(String name);

    // ----- elementwise (broadcasting) -----

    T add(T a, T b);

    T sub(T a, T b);

    T mul(T a, T b);

    T div(T a, T b);

    /** {@code x + skip}, the two of the same shape: a residual connection. */
    T residual(T x, T skip);

    T addScalar(T x, float c);

    T relu(T x);

    T sigmoid(T x);

    T tanh(T x);

    /** {@code x * relu6(x + 3) / 6}. */
    T hardswish(T x);

    /** {@code relu6(x + 3) / 6}. */
    T hardsigmoid(T x);

    T softplus(T x);

    T clip(T x, float min, float max);

    // ----- channels -----

    List<T> split(T x, int... sizes);

    /** The two halves of the channels. */
    List<T> halves(T x);

    T concat(List<T> parts);

    @SuppressWarnings("unchecked")
    default T concat(T... parts) {
        return concat(List.of(parts));
    }

    /** The number of channels of {@code x}. */
    int channels(T x);

    /** The mean over the channels, [B,1,H,W]. */
    T channelMean(T x);

    // ----- spatial -----

    /** The mean over H and W, [B,C,1,1]. */
    T spatialMean(T x);

    /**
     * 2x2 average, stride 2, TF "SAME": an odd last row or column is a window of its own, divided by its valid count.
     * The size becomes {@code ceil(n / 2)}, like that of a stride-2 conv of the encoder.
     */
    T avgPool2(T x);

    /** 3x3 mean without padding (radius 1, VALID): [B,C,h-2,w-2]. */
    T box3(T x);

    /** Bilinear x2 (half-pixel centres), then the top-left part of the size of {@code like}. */
    T up2(T x, T like);

    /** Bilinear x2 (half-pixel centres) where twice the size of {@code x} is the size of {@code like}. */
    T up2Exact(T x, T like);

    /** Bilinear (half-pixel centres, no antialiasing) enlargement to the size of {@code like}. */
    T resizeLike(T x, T like);

    // ----- control -----

    /**
     * {@code same} when the size of {@code a} times {@code factor} is the size of {@code b}, else {@code other}; only
     * one runs. Both give maps of the size of {@code like}, the same number of them with the same channels.
     *
     * @param name      the choice, and the names of its two branches
     */
    List<T> ifSameSize(Choice name, T a, int factor, T b, Supplier<List<T>> same, Supplier<List<T>> other, T like);

    /** The names of an {@link #ifSameSize} and of its branches. */
    record Choice(String name, String sameBranch, String otherBranch) {
    }
}
