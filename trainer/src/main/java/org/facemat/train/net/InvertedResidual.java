package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.facemat.net.BackboneLayer;
import org.facemat.net.FaceMatArchitecture;

/**
 * One MobileNetV3 inverted-residual layer ({@code backbone.features.1..15}): [1x1 expand + act], depthwise k x k
 * + act, [squeeze-excitation], 1x1 project without activation, plus the input when stride 1 and in == out.
 */
public final class InvertedResidual extends NetBlock {
    private final BackboneLayer layer;
    private final ConvUnit expand;
    private final ConvUnit depthwise;
    private final SqueezeExcitation se;
    private final ConvUnit project;

    public InvertedResidual(BackboneLayer l) {
        this.layer = l;
        String b = l.prefix();
        expand = l.hasExpand() ? addChildBlock("expand", ConvUnit.dense(b + "0.0", l.in(), l.expanded(), 1)) : null;
        depthwise = addChildBlock("depthwise", new ConvUnit(b + l.depthwiseSlot() + ".0", l.expanded(), l.expanded(),
                l.kernel(), l.stride(), l.dilation(), l.expanded(), true));
        se = l.hasSe()
                ? addChildBlock("se", new SqueezeExcitation(b + l.seSlot(), l.expanded(), l.seSqueeze()))
                : null;
        project = addChildBlock("project", ConvUnit.dense(b + l.projectSlot() + ".0", l.expanded(), l.out(), 1));
    }

    public BackboneLayer layer() {
        return layer;
    }

    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = x;
        if (expand != null) {
            y = Activations.activate(expand.apply(ps, y, training), layer.hardswish());
        }
        y = Activations.activate(depthwise.apply(ps, y, training), layer.hardswish());
        if (se != null) {
            y = se.apply(ps, y, training);
        }
        y = project.apply(ps, y, training);
        return layer.residual() ? y.add(x) : y;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = layer.stride() == 2 ? FaceMatArchitecture.half((int) s.get(2)) : s.get(2);
        long w = layer.stride() == 2 ? FaceMatArchitecture.half((int) s.get(3)) : s.get(3);
        return new Shape[] {new Shape(s.get(0), layer.out(), h, w)};
    }
}
