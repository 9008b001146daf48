package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * RVM's recurrent decoder: a ConvGRU bottleneck at 1/16 (decode4), three upsampling stages with ConvGRUs
 * (decode3/2/1) and the output stage (decode0). Inputs: the un-normalised working image, f1..f3, the LR-ASPP output
 * and the states r1..r4 (null = zeros); outputs the hidden map and the new states.
 */
public final class RecurrentDecoder extends NetBlock {
    private final ConvGru decode4;
    private final UpsamplingBlock decode3;
    private final UpsamplingBlock decode2;
    private final UpsamplingBlock decode1;
    private final OutputBlock decode0;

    public RecurrentDecoder() {
        int[] skip = FaceMatArchitecture.SKIP_CHANNELS;
        int[] dec = FaceMatArchitecture.DECODER_CHANNELS;
        int aspp = FaceMatArchitecture.ASPP_CHANNELS;
        decode4 = addChildBlock("decode4", new ConvGru("decoder.decode4.gru", aspp / 2));
        decode3 = addChildBlock("decode3", new UpsamplingBlock("decoder.decode3", aspp, skip[2], dec[0]));
        decode2 = addChildBlock("decode2", new UpsamplingBlock("decoder.decode2", dec[0], skip[1], dec[1]));
        decode1 = addChildBlock("decode1", new UpsamplingBlock("decoder.decode1", dec[1], skip[0], dec[2]));
        decode0 = addChildBlock("decode0", new OutputBlock("decoder.decode0", dec[2],
                FaceMatArchitecture.HIDDEN_CHANNELS));
    }

    /**
     * @param states r1..r4, or null (or null entries) for zeros
     * @return hid, r1o, r2o, r3o, r4o
     */
    public NDList apply(ParameterStore ps, NDArray srcSm, NDArray f1, NDArray f2, NDArray f3, NDArray f4,
                        NDArray[] states, boolean training) {
        NDArray[] r = states == null ? new NDArray[4] : states;
        NDArray s1 = avgPool(srcSm);
        NDArray s2 = avgPool(s1);
        NDArray s3 = avgPool(s2);
        NDList ab = f4.split(2, 1);
        NDArray r4o = decode4.apply(ps, ab.get(1), r[3], training);
        NDArray x4 = ab.get(0).concat(r4o, 1);
        NDList d3 = decode3.apply(ps, x4, f3, s3, r[2], training);
        NDList d2 = decode2.apply(ps, d3.get(0), f2, s2, r[1], training);
        NDList d1 = decode1.apply(ps, d2.get(0), f1, s1, r[0], training);
        NDArray hid = decode0.apply(ps, d1.get(0), srcSm, training);
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
        return apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), inputs.get(4), states, training);
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
