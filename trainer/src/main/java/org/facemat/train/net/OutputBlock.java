package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Decoder stage decode0 at the working resolution:
 * {@code relu(conv3x3(relu(conv3x3([up2crop(x1), src_sm]))))}, giving the 16-channel hidden map.
 */
public final class OutputBlock extends NetBlock {
    private final ConvUnit conv0;
    private final ConvUnit conv3;

    public OutputBlock(String prefix, int in, int out) {
        conv0 = addChildBlock("conv0", ConvUnit.dense(prefix + ".conv.0", in + 3, out, 3));
        conv3 = addChildBlock("conv3", ConvUnit.dense(prefix + ".conv.3", out, out, 3));
    }

    public NDArray apply(ParameterStore ps, NDArray x, NDArray srcSm, boolean training) {
        Shape s = srcSm.getShape();
        NDArray up = HalfPixelResize.up2Crop(x, s.get(2), s.get(3));
        NDArray y = Activation.relu(conv0.apply(ps, up.concat(srcSm, 1), training));
        return Activation.relu(conv3.apply(ps, y, training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[1];
        return new Shape[] {new Shape(s.get(0), FaceMatArchitecture.HIDDEN_CHANNELS, s.get(2), s.get(3))};
    }
}
