package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MobileNetV3 squeeze-excitation: per-channel gates from the spatial mean,
 * {@code x * hardsigmoid(fc2(relu(fc1(mean_HW(x)))))}. fc1/fc2 are 1x1 convs with real biases.
 */
public final class SqueezeExcitation extends NetBlock {
    private final ConvUnit fc1;
    private final ConvUnit fc2;

    /** @param prefix module name, e.g. {@code backbone.features.4.block.2} */
    public SqueezeExcitation(String prefix, int channels, int squeeze) {
        fc1 = addChildBlock("fc1", ConvUnit.dense(prefix + ".fc1", channels, squeeze, 1));
        fc2 = addChildBlock("fc2", ConvUnit.dense(prefix + ".fc2", squeeze, channels, 1));
    }

    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray s = Channels.spatialMean(x);
        s = Activation.relu(fc1.apply(ps, s, training));
        s = Activations.hardsigmoid(fc2.apply(ps, s, training));
        return x.mul(s);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
