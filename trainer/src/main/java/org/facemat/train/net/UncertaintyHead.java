package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.facemat.net.FaceMatArchitecture;

/**
 * The FaceMat uncertainty head on the decoder's hidden map:
 * {@code sigma = softplus(conv1x1(relu(conv3x3(hid)))) + 1e-6}, a standard deviation of alpha at the working
 * resolution (softplus keeps it positive with a useful gradient everywhere; the floor keeps it strictly positive).
 */
public final class UncertaintyHead extends NetBlock {
    private final ConvUnit hidden;
    private final ConvUnit out;

    public UncertaintyHead() {
        int c = FaceMatArchitecture.HIDDEN_CHANNELS;
        hidden = addChildBlock("hidden", ConvUnit.dense(FaceMatArchitecture.UNCERTAINTY_HIDDEN, c, c, 3));
        out = addChildBlock("out", ConvUnit.dense(FaceMatArchitecture.UNCERTAINTY_OUT, c, 1, 1));
    }

    public NDArray apply(ParameterStore ps, NDArray hid, boolean training) {
        NDArray h = Activation.relu(hidden.apply(ps, hid, training));
        return Activation.softPlus(out.apply(ps, h, training)).add(FaceMatArchitecture.SIGMA_FLOOR);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 1, s.get(2), s.get(3))};
    }
}
