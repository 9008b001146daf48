package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.facemat.net.FaceMatArchitecture;

/**
 * Decoder stage decode3/2/1: {@code x = relu(conv3x3([up2crop(x), skip, src_pooled]))}, then the second half of the
 * channels goes through a ConvGRU with the stage's recurrent state; output {@code [first half, gru]}. With the
 * decoder prior, the landmark prior pooled like the image is the conv's last input channel.
 */
public final class UpsamplingBlock extends NetBlock {
    private final int out;
    private final ConvUnit conv;
    private final ConvGru gru;

    /**
     * @param prefix    module name, e.g. {@code decoder.decode3}
     * @param withPrior the conv takes the pooled prior after the pooled image
     */
    public UpsamplingBlock(String prefix, int upIn, int skipIn, int out, boolean withPrior) {
        this.out = out;
        conv = addChildBlock("conv", ConvUnit.dense(prefix + ".conv.0",
                upIn + skipIn + FaceMatArchitecture.decoderImageInputs(withPrior), out, 3));
        gru = addChildBlock("gru", new ConvGru(prefix + ".gru", out / 2));
    }

    /**
     * @param priorPooled the prior pooled like {@code srcPooled}, for a block that takes it; else null
     * @return the stage output and the new state
     */
    public NDList apply(ParameterStore ps, NDArray x, NDArray skip, NDArray srcPooled, NDArray priorPooled,
                        NDArray state, boolean training) {
        Shape s = skip.getShape();
        NDArray up = HalfPixelResize.up2Crop(x, s.get(2), s.get(3));
        NDArray in = priorPooled == null ? Channels.concat(up, skip, srcPooled)
                : Channels.concat(up, skip, srcPooled, priorPooled);
        NDArray y = Activation.relu(conv.apply(ps, in, training));
        NDList ab = y.split(2, 1);
        NDArray b = gru.apply(ps, ab.get(1), state, training);
        return new NDList(ab.get(0).concat(b, 1), b);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), null, inputs.size() > 3 ? inputs.get(3) : null,
                training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[1];
        return new Shape[] {new Shape(s.get(0), out, s.get(2), s.get(3)),
            new Shape(s.get(0), out / 2, s.get(2), s.get(3))};
    }
}
