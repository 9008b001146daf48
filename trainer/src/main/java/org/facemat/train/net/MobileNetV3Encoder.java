package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.facemat.net.BackboneLayer;
import org.facemat.net.FaceMatArchitecture;

/**
 * RVM's MobileNetV3-Large backbone with a dilated last stage (output stride 16). Takes the un-normalised working
 * image, normalises it with {@code backbone.mean}/{@code backbone.inv_std} and returns the skip features
 * f1 (1/2, 16 ch), f2 (1/4, 24), f3 (1/8, 40) and f4 (1/16, 960).
 */
public final class MobileNetV3Encoder extends NetBlock {
    /** The dequantised constants of the RVM file; the defaults before weights are loaded. */
    static final float[] RVM_MEAN = {0.485f, 0.45587844f, 0.406f};
    static final float[] RVM_INV_STD = {4.366812f, 4.4642854f, 4.4444084f};

    private final Parameter mean;
    private final Parameter invStd;
    private final ConvUnit stem;
    private final List<InvertedResidual> layers = new ArrayList<>();
    private final ConvUnit last;

    private final boolean withPrior;

    /** @param withPrior the stem takes the landmark prior as a fourth channel ({@link FaceMatArchitecture#withPrior}) */
    public MobileNetV3Encoder(boolean withPrior) {
        this.withPrior = withPrior;
        // Normalisation constants are part of the model file but not trained: no gradient.
        mean = addParameter(constant("mean", RVM_MEAN));
        invStd = addParameter(constant("inv_std", RVM_INV_STD));
        stem = addChildBlock("features.0", new ConvUnit(FaceMatArchitecture.STEM,
                FaceMatArchitecture.stemInputs(withPrior), 16, 3, 2, 1, 1, true));
        for (BackboneLayer l : FaceMatArchitecture.BACKBONE) {
            layers.add(addChildBlock("features." + l.index(), new InvertedResidual(l)));
        }
        last = addChildBlock("features.16", ConvUnit.dense("backbone.features.16.0", 160, 960, 1));
    }

    private static Parameter constant(String name, float[] values) {
        Initializer init = (manager, shape, dataType) -> manager.create(values, shape).toType(dataType, false);
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(values.length))
                .optInitializer(init)
                .optRequiresGrad(false)
                .build();
    }

    Parameter mean() {
        return mean;
    }

    Parameter invStd() {
        return invStd;
    }

    /** @return f1, f2, f3, f4 */
    public NDList apply(ParameterStore ps, NDArray srcSm, boolean training) {
        return apply(ps, srcSm, null, training);
    }

    /**
     * @param priorSm the landmark prior at the working size, [B,1,h,w]; required when the encoder takes a prior,
     *                ignored otherwise. It joins the normalised image as is: it is in [0,1] already.
     * @return f1, f2, f3, f4
     */
    public NDList apply(ParameterStore ps, NDArray srcSm, NDArray priorSm, boolean training) {
        NDArray x = srcSm.sub(channelVector(ps, mean, srcSm, training)).mul(channelVector(ps, invStd, srcSm, training));
        if (withPrior) {
            x = Channels.concat(x, priorSm);
        }
        x = Activations.hardswish(stem.apply(ps, x, training));
        NDArray f1 = null;
        NDArray f2 = null;
        NDArray f3 = null;
        for (InvertedResidual layer : layers) {
            x = layer.apply(ps, x, training);
            int i = layer.layer().index();
            if (i == FaceMatArchitecture.F1) {
                f1 = x;
            } else if (i == FaceMatArchitecture.F2) {
                f2 = x;
            } else if (i == FaceMatArchitecture.F3) {
                f3 = x;
            }
        }
        NDArray f4 = Activations.hardswish(last.apply(ps, x, training));
        return new NDList(f1, f2, f3, f4);
    }

    /** A [3] constant as [1,3,1,1], owned by the caller's manager so that per-frame scopes free it. */
    private static NDArray channelVector(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        NDArray v = ps.getValue(p, like.getDevice(), training).reshape(1, 3, 1, 1);
        v.attach(like.getManager());
        return v;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return apply(ps, inputs.singletonOrThrow(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape[] out = new Shape[4];
        long h = s.get(2);
        long w = s.get(3);
        for (int i = 0; i < 4; i++) { // 1/2, 1/4, 1/8, 1/16
            h = FaceMatArchitecture.half((int) h);
            w = FaceMatArchitecture.half((int) w);
            out[i] = new Shape(s.get(0), FaceMatArchitecture.SKIP_CHANNELS[i], h, w);
        }
        return out;
    }
}
