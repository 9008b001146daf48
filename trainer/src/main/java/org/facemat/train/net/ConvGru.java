package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * RVM's convolutional GRU on C channels:
 * <pre>
 * [r | z] = sigmoid(ih([x, h]))        ih: 3x3, 2C -> 2C
 * c       = tanh(hh([x, r * h]))       hh: 3x3, 2C -> C
 * h'      = (1 - z) * h + z * c        the output and the new state
 * </pre>
 */
public final class ConvGru extends NetBlock {
    private final int channels;
    private final ConvUnit ih;
    private final ConvUnit hh;

    /** @param prefix module name, e.g. {@code decoder.decode3.gru} */
    public ConvGru(String prefix, int channels) {
        this.channels = channels;
        ih = addChildBlock("ih", ConvUnit.dense(prefix + ".ih.0", 2 * channels, 2 * channels, 3));
        hh = addChildBlock("hh", ConvUnit.dense(prefix + ".hh.0", 2 * channels, channels, 3));
    }

    /** @param h the previous state, or null for the first frame (zeros) */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray h, boolean training) {
        NDArray state = h == null ? x.zerosLike() : h;
        NDList rz = Activation.sigmoid(ih.apply(ps, x.concat(state, 1), training)).split(2, 1);
        NDArray r = rz.get(0);
        NDArray z = rz.get(1);
        NDArray c = Activation.tanh(hh.apply(ps, x.concat(r.mul(state), 1), training));
        return z.neg().add(1f).mul(state).add(z.mul(c));
    }

    public int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
