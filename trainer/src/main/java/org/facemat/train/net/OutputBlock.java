package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.facemat.net.FaceMatArchitecture;

/**
 * Decoder stage decode0 at the working resolution:
 * {@code relu(conv3x3(relu(conv3x3([up2crop(x1), src_sm]))))}, giving the 16-channel hidden map. With the decoder
 * prior, the prior at the working size is the first conv's last input channel.
 */
public final class OutputBlock extends NetBlock {
    private final ConvUnit conv0;
    private final ConvUnit conv3;

    /** @param withPrior the first conv takes the prior after the working image */
    public OutputBlock(String prefix, int in, int out, boolean withPrior) {
        conv0 = addChildBlock("conv0", ConvUnit.dense(prefix + ".conv.0",
                in + FaceMatArchitecture.decoderImageInputs(withPrior), out, 3));
        conv3 = addChildBlock("conv3", ConvUnit.dense(prefix + ".conv.3", out, out, 3));
    }

    /** @param priorSm the prior at the working size, for a block that takes it; else null */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray srcSm, NDArray priorSm, boolean training) {
        Shape s = srcSm.getShape();
        NDArray up = HalfPixelResize.up2Crop(x, s.get(2), s.get(3));
        NDArray in = priorSm == null ? Channels.concat(up, srcSm) : Channels.concat(up, srcSm, priorSm);
        NDArray y = Activation.relu(conv0.apply(ps, in, training));
        return Activation.relu(conv3.apply(ps, y, training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), inputs.size() > 2 ? inputs.get(2) : null,
                training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[1];
        return new Shape[] {new Shape(s.get(0), FaceMatArchitecture.HIDDEN_CHANNELS, s.get(2), s.get(3))};
    }
}
