package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.facemat.net.FaceMatArchitecture;

/**
 * Lite R-ASPP on f4: {@code relu(conv1x1(f4)) * sigmoid(conv1x1_nobias(mean_HW(f4)))}, 960 -> 128 channels.
 */
public final class LrAspp extends NetBlock {
    private final ConvUnit aspp1;
    private final ConvUnit aspp2;

    public LrAspp() {
        int c = FaceMatArchitecture.ASPP_CHANNELS;
        aspp1 = addChildBlock("aspp1", ConvUnit.dense("aspp.aspp1.0", 960, c, 1));
        aspp2 = addChildBlock("aspp2", new ConvUnit("aspp.aspp2.1", 960, c, 1, 1, 1, 1, false));
    }

    public NDArray apply(ParameterStore ps, NDArray f4, boolean training) {
        NDArray a = Activation.relu(aspp1.apply(ps, f4, training));
        NDArray g = Activation.sigmoid(aspp2.apply(ps, Channels.spatialMean(f4), training));
        return a.mul(g);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), FaceMatArchitecture.ASPP_CHANNELS, s.get(2), s.get(3))};
    }
}
