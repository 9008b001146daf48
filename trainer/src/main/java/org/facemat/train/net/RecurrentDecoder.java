package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.facemat.net.FaceMatArchitecture;

/**
 * RVM's recurrent decoder: a ConvGRU bottleneck at 1/16 (decode4), three upsampling stages with ConvGRUs
 * (decode3/2/1) and the output stage (decode0). Inputs: the un-normalised working image, f1..f3, the LR-ASPP output
 * and the states r1..r4 (null = zeros), and for a decoder that takes it the landmark prior at the working size;
 * outputs the hidden map and the new states.
 *
 * <p>Every stage sees the image again, pooled to its scale. The decoder prior is pooled the same way and joins the
 * image at each stage, so the stage that decides where the matte ends at that scale sees where the face oval is
 * (fed to the stem alone, the prior reached the decoder only through the encoder, and was not used).
 */
public final class RecurrentDecoder extends NetBlock {
    private final ConvGru decode4;
    private final UpsamplingBlock decode3;
    private final UpsamplingBlock decode2;
    private final UpsamplingBlock decode1;
    private final OutputBlock decode0;
    private final boolean withPrior;

    public RecurrentDecoder() {
        this(false);
    }

    /** @param withPrior each stage's first conv takes the prior after the image ({@link PriorInputs#decoder}) */
    public RecurrentDecoder(boolean withPrior) {
        this.withPrior = withPrior;
        int[] skip = FaceMatArchitecture.SKIP_CHANNELS;
        int[] dec = FaceMatArchitecture.DECODER_CHANNELS;
        int aspp = FaceMatArchitecture.ASPP_CHANNELS;
        decode4 = addChildBlock("decode4", new ConvGru("decoder.decode4.gru", aspp / 2));
        decode3 = addChildBlock("decode3", new UpsamplingBlock("decoder.decode3", aspp, skip[2], dec[0],
                withPrior));
        decode2 = addChildBlock("decode2", new UpsamplingBlock("decoder.decode2", dec[0], skip[1], dec[1],
                withPrior));
        decode1 = addChildBlock("decode1", new UpsamplingBlock("decoder.decode1", dec[1], skip[0], dec[2],
                withPrior));
        decode0 = addChildBlock("decode0", new OutputBlock("decoder.decode0", dec[2],
                FaceMatArchitecture.HIDDEN_CHANNELS, withPrior));
    }

    /**
     * @param states  r1..r4, or null (or null entries) for zeros
     * @param priorSm the prior at the working size [B,1,h,w]; required by a decoder that takes it, ignored by one
     *                that does not
     * @return hid, r1o, r2o, r3o, r4o
     */
    public NDList apply(ParameterStore ps, NDArray srcSm, NDArray f1, NDArray f2, NDArray f3, NDArray f4,
                        NDArray[] states, NDArray priorSm, boolean training) {
        if (withPrior && priorSm == null) {
            throw new IllegalArgumentException("this decoder takes the landmark prior: give prior_sm");
        }
        NDArray[] r = states == null ? new NDArray[4] : states;
        NDArray s1 = avgPool(srcSm);
        NDArray s2 = avgPool(s1);
        NDArray s3 = avgPool(s2);
        NDArray p0 = withPrior ? priorSm : null;
        NDArray p1 = p0 == null ? null : avgPool(p0);
        NDArray p2 = p1 == null ? null : avgPool(p1);
        NDArray p3 = p2 == null ? null : avgPool(p2);
        NDList ab = f4.split(2, 1);
        NDArray r4o = decode4.apply(ps, ab.get(1), r[3], training);
        NDArray x4 = ab.get(0).concat(r4o, 1);
        NDList d3 = decode3.apply(ps, x4, f3, s3, p3, r[2], training);
        NDList d2 = decode2.apply(ps, d3.get(0), f2, s2, p2, r[1], training);
        NDList d1 = decode1.apply(ps, d2.get(0), f1, s1, p1, r[0], training);
        NDArray hid = decode0.apply(ps, d1.get(0), srcSm, p0, training);
        return new NDList(hid, d1.get(1), d2.get(1), d3.get(1), r4o);
    }

    /**
     * 2x2 average pool, stride 2, TF "SAME": an odd last row/column is its own window, divided by its valid count.
     * PyTorch's ceil_mode without padding and count_include_pad=false computes exactly that.
     */
    static NDArray avgPool(NDArray x) {
        return Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true, false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray[] states = null;
        if (inputs.size() >= 9) {
            states = new NDArray[] {inputs.get(5), inputs.get(6), inputs.get(7), inputs.get(8)};
        }
        // the prior, for a decoder that takes it, follows the states
        NDArray priorSm = inputs.size() >= 10 ? inputs.get(9) : null;
        return apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4), states, priorSm,
                training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape src = inputShapes[0];
        Shape[] out = new Shape[5];
        out[0] = new Shape(src.get(0), FaceMatArchitecture.HIDDEN_CHANNELS, src.get(2), src.get(3));
        for (int i = 0; i < 4; i++) {
            Shape f = inputShapes[1 + i];
            out[1 + i] = new Shape(src.get(0), FaceMatArchitecture.STATE_CHANNELS[i], f.get(2), f.get(3));
        }
        return out;
    }
}
