package org.facemat.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemat.model.ModelContract;

/**
 * The FaceMat network, written once: RVM's MobileNetV3 encoder, LR-ASPP and recurrent decoder, the matting
 * projection, the FaceMat uncertainty head and (when the working image is smaller than the source) the fast guided
 * filter, with the landmark prior where {@link PriorInputs} says. The layer table and parameter names are
 * {@link FaceMatArchitecture}'s. The trainer's DJL backend evaluates this for training and its forward pass; the ONNX
 * backend writes it as the model file ({@link org.facemat.net.onnx.FaceMatOnnxExporter}).
 *
 * <p>Two variants: the product's ({@code foreground == false}: alpha, uncertainty and the states, the projection
 * computing the alpha channel only) and the trainer's ({@code true}: also RVM's foreground colour and the maps before
 * the refiner, which training and the tests read).
 */
public final class FaceMatNet implements Network {
    public static final Port SRC = Port.full(ModelContract.SRC, 3);
    public static final Port SRC_SM = Port.working(ModelContract.SRC_SMALL, 3);
    /** The landmark prior; the network works with it at the working size. */
    public static final Port PRIOR = Port.workingFromFull(ModelContract.PRIOR, 1, ModelContract.PRIOR_UNKNOWN);
    public static final List<Port> STATES_IN = states(ModelContract.STATE_INPUTS);
    public static final List<Port> STATES_OUT = states(ModelContract.STATE_OUTPUTS);
    public static final Port ALPHA = Port.full(ModelContract.ALPHA, 1);
    public static final Port UNCERTAINTY = Port.full(ModelContract.UNCERTAINTY, 1);
    /** RVM's foreground colour, [B,3,H,W] (trainer variant). */
    public static final Port FGR = Port.full("fgr", 3);
    /** The maps at the working size before the refiner (trainer variant). */
    public static final Port FGR_RESIDUAL = Port.working("fgr_residual", 3);
    public static final Port ALPHA_RAW = Port.working("alpha_raw", 1);
    public static final Port SIGMA_LOW = Port.working("sigma_low", 1);

    /** project_mat's output channels: the foreground residual (3), then alpha. */
    public static final String PROJECTION = "project_mat.conv";
    public static final int PROJECTION_ALPHA = 3;
    public static final String PROJECTION_ALPHA_TAG = "alpha";

    private static final Ops.Choice DECODE0 = new Ops.Choice("decoder.decode0", "even_working_size",
            "odd_working_size");
    private static final Ops.Choice REFINE = new Ops.Choice("refine", "full_resolution", "fast_guided_filter");

    private final PriorInputs prior;
    private final boolean foreground;

    /**
     * @param prior      where the network takes the landmark prior
     * @param foreground also compute the foreground colour and the pre-refiner maps (the trainer's variant)
     */
    public FaceMatNet(PriorInputs prior, boolean foreground) {
        this.prior = prior;
        this.foreground = foreground;
    }

    public PriorInputs priorInputs() {
        return prior;
    }

    @Override
    public Map<String, long[]> parameterShapes() {
        return FaceMatArchitecture.parameterShapes(true, prior);
    }

    @Override
    public Map<String, float[]> constants() {
        Map<String, float[]> c = new LinkedHashMap<>();
        c.put(FaceMatArchitecture.MEAN, FaceMatArchitecture.RVM_MEAN.clone());
        c.put(FaceMatArchitecture.INV_STD, FaceMatArchitecture.RVM_INV_STD.clone());
        return c;
    }

    @Override
    public List<Port> outputs() {
        List<Port> out = new ArrayList<>(List.of(ALPHA, UNCERTAINTY));
        out.addAll(STATES_OUT);
        if (foreground) {
            out.addAll(List.of(FGR, FGR_RESIDUAL, ALPHA_RAW, SIGMA_LOW));
        }
        return out;
    }

    @Override
    public <T> void forward(Ops<T> o) {
        T src = o.input(SRC);
        T srcSm = o.input(SRC_SM);
        List<T> r = new ArrayList<>();
        for (Port p : STATES_IN) {
            r.add(o.input(p));
        }
        T priorSm = prior.stem() ? o.input(PRIOR) : null;

        // encoder: the normalised image (and the prior, as it is: it is in [0,1] already)
        T x = o.mul(o.sub(srcSm, o.channelParameter(FaceMatArchitecture.MEAN)),
                o.channelParameter(FaceMatArchitecture.INV_STD));
        if (priorSm != null) {
            x = o.concat(x, priorSm);
        }
        x = o.hardswish(o.conv(FaceMatArchitecture.STEM, x, 2, 1, 1));
        List<T> skips = new ArrayList<>();
        for (BackboneLayer l : FaceMatArchitecture.BACKBONE) {
            x = invertedResidual(o, l, x);
            if (l.index() == FaceMatArchitecture.F1 || l.index() == FaceMatArchitecture.F2
                    || l.index() == FaceMatArchitecture.F3) {
                skips.add(x);
            }
        }
        T f4 = o.hardswish(o.conv("backbone.features.16.0", x));

        // LR-ASPP: features gated by a sigmoid of their global mean
        T aspp = o.mul(o.relu(o.conv("aspp.aspp1.0", f4)), o.sigmoid(o.conv("aspp.aspp2.1", o.spatialMean(f4))));

        // recurrent decoder; every stage sees the image again, pooled to its scale, and the decoder prior with it
        T s1 = o.avgPool2(srcSm);
        T s2 = o.avgPool2(s1);
        T s3 = o.avgPool2(s2);
        T p0 = prior.decoder() ? priorSm : null;
        T p1 = p0 == null ? null : o.avgPool2(p0);
        T p2 = p1 == null ? null : o.avgPool2(p1);
        T p3 = p2 == null ? null : o.avgPool2(p2);
        List<T> ab = o.halves(aspp);
        T r4o = o.output(STATES_OUT.get(3), gru(o, "decoder.decode4.gru", ab.get(1), r.get(3)));
        T x3 = upsamplingBlock(o, "decoder.decode3", o.concat(ab.get(0), r4o), skips.get(2), s3, p3, r.get(2),
                STATES_OUT.get(2));
        T x2 = upsamplingBlock(o, "decoder.decode2", x3, skips.get(1), s2, p2, r.get(1), STATES_OUT.get(1));
        T x1 = upsamplingBlock(o, "decoder.decode1", x2, skips.get(0), s1, p1, r.get(0), STATES_OUT.get(0));

        // decode0 and the heads at the working size; its upsampling needs no crop when the working size is even
        List<T> low = o.ifSameSize(DECODE0, x1, 2, srcSm,
                () -> heads(o, o.up2Exact(x1, srcSm), srcSm, p0),
                () -> heads(o, o.up2(x1, srcSm), srcSm, p0), srcSm);
        T alphaRaw = low.get(0);
        T sigmaLow = low.get(1);
        T fgrResidual = foreground ? low.get(2) : null;

        // refiner: at ratio 1 the maps pass through; else the fast guided filter brings them to full size
        List<T> out = o.ifSameSize(REFINE, src, 1, srcSm,
                () -> passThrough(o, src, alphaRaw, sigmaLow, fgrResidual),
                () -> refine(o, src, srcSm, alphaRaw, sigmaLow, fgrResidual), src);
        o.output(ALPHA, out.get(0));
        o.output(UNCERTAINTY, out.get(1));
        if (foreground) {
            o.output(FGR, out.get(2));
            o.output(FGR_RESIDUAL, fgrResidual);
            o.output(ALPHA_RAW, alphaRaw);
            o.output(SIGMA_LOW, sigmaLow);
        }
    }

    // ----- blocks -----

    /**
     * MobileNetV3 inverted residual ({@code backbone.features.1..15}): [1x1 expand + act], depthwise k x k + act,
     * [squeeze-excitation], 1x1 project, plus the input when stride 1 and in == out.
     */
    public static <T> T invertedResidual(Ops<T> o, BackboneLayer l, T in) {
        String b = l.prefix();
        T x = in;
        if (l.hasExpand()) {
            x = activation(o, l, o.conv(b + "0.0", x));
        }
        x = activation(o, l, o.conv(b + l.depthwiseSlot() + ".0", x, l.stride(), l.dilation(), l.expanded()));
        if (l.hasSe()) {
            x = squeezeExcitation(o, b + l.seSlot(), x);
        }
        x = o.conv(b + l.projectSlot() + ".0", x);
        return l.residual() ? o.residual(x, in) : x;
    }

    private static <T> T activation(Ops<T> o, BackboneLayer l, T x) {
        return l.hardswish() ? o.hardswish(x) : o.relu(x);
    }

    /** {@code x * hardsigmoid(fc2(relu(fc1(mean_HW(x)))))}. */
    public static <T> T squeezeExcitation(Ops<T> o, String prefix, T x) {
        T s = o.relu(o.conv(prefix + ".fc1", o.spatialMean(x)));
        return o.mul(x, o.hardsigmoid(o.conv(prefix + ".fc2", s)));
    }

    /**
     * RVM's convolutional GRU: {@code [r, z] = sigmoid(ih([x, h]))}, {@code c = tanh(hh([x, r h]))},
     * {@code h' = (1 - z) h + z c}, written as {@code h + z (c - h)} (the same value, one pass fewer).
     */
    public static <T> T gru(Ops<T> o, String prefix, T x, T h) {
        List<T> rz = o.halves(o.sigmoid(o.conv(prefix + ".ih.0", o.concat(x, h))));
        T c = o.tanh(o.conv(prefix + ".hh.0", o.concat(x, o.mul(rz.get(0), h))));
        return o.add(h, o.mul(rz.get(1), o.sub(c, h)));
    }

    /**
     * Decoder stage decode3/2/1: {@code relu(conv3x3([up2(x), skip, image, prior?]))}, then the second half of the
     * channels through a ConvGRU with the stage's state (an output); returns {@code [first half, new state]}.
     * The upsampling is cropped to the pooled image's size (the skip's).
     */
    public static <T> T upsamplingBlock(Ops<T> o, String prefix, T x, T skip, T image, T prior, T state,
                                        Port stateOut) {
        T y = o.relu(o.convOfConcat(prefix + ".conv.0", withImage(List.of(o.up2(x, image), skip), image, prior)));
        List<T> ab = o.halves(y);
        T h = o.output(stateOut, gru(o, prefix + ".gru", ab.get(1), state));
        return o.concat(ab.get(0), h);
    }

    /** The features, the image, and the prior when the stage takes it: a decoder conv's input, in channel order. */
    private static <T> List<T> withImage(List<T> features, T image, T prior) {
        List<T> parts = new ArrayList<>(features);
        parts.add(image);
        if (prior != null) {
            parts.add(prior);
        }
        return parts;
    }

    /**
     * decode0 ({@code relu(conv3x3(relu(conv3x3([up, src_sm, prior?]))))}), the projection and the uncertainty head:
     * raw alpha, sigma and, in the trainer's variant, the foreground residual, at the working size.
     */
    private <T> List<T> heads(Ops<T> o, T up, T srcSm, T prior) {
        T h = o.relu(o.convOfConcat(FaceMatArchitecture.DECODE0_CONV, withImage(List.of(up), srcSm, prior)));
        T hid = o.relu(o.conv("decoder.decode0.conv.3", h));
        if (!foreground) {
            T alpha = o.convOutputs(PROJECTION, hid, PROJECTION_ALPHA, 1, PROJECTION_ALPHA_TAG);
            return List.of(alpha, uncertaintyHead(o, hid));
        }
        List<T> proj = o.split(o.conv(PROJECTION, hid), PROJECTION_ALPHA, 1);
        return List.of(proj.get(1), uncertaintyHead(o, hid), proj.get(0));
    }

    /** {@code sigma = softplus(conv1x1(relu(conv3x3(hid)))) + floor}, strictly positive. */
    public static <T> T uncertaintyHead(Ops<T> o, T hid) {
        T h = o.relu(o.conv(FaceMatArchitecture.UNCERTAINTY_HIDDEN, hid));
        return o.addScalar(o.softplus(o.conv(FaceMatArchitecture.UNCERTAINTY_OUT, h)), FaceMatArchitecture.SIGMA_FLOOR);
    }

    /** Ratio 1: alpha clipped to [0,1], sigma as it is (and the foreground residual added to the image). */
    private <T> List<T> passThrough(Ops<T> o, T src, T alphaRaw, T sigma, T fgrResidual) {
        T alpha = o.clip(alphaRaw, 0f, 1f);
        return foreground ? List.of(alpha, sigma, o.clip(o.add(fgrResidual, src), 0f, 1f)) : List.of(alpha, sigma);
    }

    /**
     * Ratio below 1: alpha and sigma refined together, guided by the grey level of the image (and the foreground
     * colour guided by the image); alpha clipped to [0,1], sigma to >= 0.
     */
    private <T> List<T> refine(Ops<T> o, T src, T srcSm, T alphaRaw, T sigma, T fgrResidual) {
        T refined = fastGuidedFilter(o, o.channelMean(srcSm), o.concat(alphaRaw, sigma), o.channelMean(src));
        List<T> as = o.halves(refined);
        T alpha = o.clip(as.get(0), 0f, 1f);
        T uncertainty = o.relu(as.get(1));
        if (!foreground) {
            return List.of(alpha, uncertainty);
        }
        T fgr = o.clip(o.add(fastGuidedFilter(o, srcSm, fgrResidual, src), src), 0f, 1f);
        return List.of(alpha, uncertainty, fgr);
    }

    /**
     * The fast guided filter of the RVM TFJS graph (radius 1, VALID box, eps {@link
     * FaceMatArchitecture#GUIDED_FILTER_EPS}): the linear model {@code y = A x + b} is fitted per channel in 3x3
     * windows at the working size, enlarged to full size and applied to the full-size guide. The guide {@code lrX}
     * has one channel (shared by every channel of {@code lrY}) or as many as {@code lrY}; the four box means run as
     * one pass over a stack.
     */
    public static <T> T fastGuidedFilter(Ops<T> o, T lrX, T lrY, T hrX) {
        List<T> stack = List.of(lrX, lrY, o.mul(lrX, lrY), o.mul(lrX, lrX));
        int cx = o.channels(lrX);
        int cy = o.channels(lrY);
        List<T> m = o.split(o.box3(o.concat(stack)), cx, cy, cy, cx);
        T meanX = m.get(0);
        T meanY = m.get(1);
        T cov = o.sub(m.get(2), o.mul(meanX, meanY));
        T varEps = o.sub(m.get(3), o.addScalar(o.mul(meanX, meanX), -FaceMatArchitecture.GUIDED_FILTER_EPS));
        T a = o.div(cov, varEps);
        T b = o.sub(meanY, o.mul(a, meanX));
        return o.add(o.mul(o.resizeLike(a, hrX), hrX), o.resizeLike(b, hrX));
    }

    private static List<Port> states(List<String> names) {
        List<Port> p = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            p.add(Port.state(names.get(i), ModelContract.STATE_CHANNELS[i], i + 1, "r" + (i + 1) + "h",
                    "r" + (i + 1) + "w"));
        }
        return List.copyOf(p);
    }
}
