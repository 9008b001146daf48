package org.facemat.net;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;

/**
 * The FaceMat network's layer table and parameter names, shared by the RVM importer, the network's description
 * ({@link FaceMatNet}, which the DJL and ONNX backends run) and {@code OnnxWeights}. Layer table: RVM's
 * MobileNetV3-Large encoder with a dilated last stage, LR-ASPP, recurrent decoder, projection, plus the FaceMat
 * uncertainty head, and optionally the landmark prior ({@link PriorInputs}): a fourth input channel of the encoder
 * stem ({@link #withPrior}) and one more input channel of each decoder stage's first conv
 * ({@link #withDecoderPrior}).
 */
public final class FaceMatArchitecture {
    private FaceMatArchitecture() {
    }

    public static final List<BackboneLayer> BACKBONE = List.of(
            new BackboneLayer(1, 16, 16, 16, 3, 1, 1, false, 0),
            new BackboneLayer(2, 16, 64, 24, 3, 2, 1, false, 0),
            new BackboneLayer(3, 24, 72, 24, 3, 1, 1, false, 0),
            new BackboneLayer(4, 24, 72, 40, 5, 2, 1, false, 24),
            new BackboneLayer(5, 40, 120, 40, 5, 1, 1, false, 32),
            new BackboneLayer(6, 40, 120, 40, 5, 1, 1, false, 32),
            new BackboneLayer(7, 40, 240, 80, 3, 2, 1, true, 0),
            new BackboneLayer(8, 80, 200, 80, 3, 1, 1, true, 0),
            new BackboneLayer(9, 80, 184, 80, 3, 1, 1, true, 0),
            new BackboneLayer(10, 80, 184, 80, 3, 1, 1, true, 0),
            new BackboneLayer(11, 80, 480, 112, 3, 1, 1, true, 120),
            new BackboneLayer(12, 112, 672, 112, 3, 1, 1, true, 168),
            new BackboneLayer(13, 112, 672, 160, 5, 1, 2, true, 168),
            new BackboneLayer(14, 160, 960, 160, 5, 1, 2, true, 240),
            new BackboneLayer(15, 160, 960, 160, 5, 1, 2, true, 240));

    /** Feature indices whose outputs are the decoder's skip connections f1, f2, f3 (f4 is features.16). */
    public static final int F1 = 1;
    public static final int F2 = 3;
    public static final int F3 = 6;

    /** Channels of f1..f4. */
    public static final int[] SKIP_CHANNELS = {16, 24, 40, 960};
    /**
     * Channels of the recurrent states r1..r4: the model contract's, its one home (each is half of its decoder
     * stage's output, the half that goes through the ConvGRU: decode1..3 and decode4 of the LR-ASPP's 128).
     */
    public static final int[] STATE_CHANNELS = org.facemat.model.ModelContract.STATE_CHANNELS;
    /** Output channels of decode3, decode2, decode1 (decode4 keeps 128). */
    public static final int[] DECODER_CHANNELS = {80, 40, 32};
    public static final int ASPP_CHANNELS = 128;
    public static final int HIDDEN_CHANNELS = 16;

    /** Fast guided filter of the TFJS graph: radius 1 (3x3 VALID box), eps 1e-5. */
    public static final float GUIDED_FILTER_EPS = 1e-5f;
    /** Added after the uncertainty softplus so that sigma is strictly positive. */
    public static final float SIGMA_FLOOR = 1e-6f;

    public static final String MEAN = "backbone.mean";
    /** The dequantised normalisation constants of the RVM file; the values before weights are loaded. */
    public static final float[] RVM_MEAN = {0.485f, 0.45587844f, 0.406f};
    public static final float[] RVM_INV_STD = {4.366812f, 4.4642854f, 4.4444084f};
    public static final String INV_STD = "backbone.inv_std";

    /**
     * Name and PyTorch-layout shape of every parameter, in a fixed order.
     *
     * @param withUncertainty include the FaceMat uncertainty head (absent from the RVM file)
     */
    public static Map<String, long[]> parameterShapes(boolean withUncertainty) {
        return parameterShapes(withUncertainty, false);
    }

    /**
     * Name and shape of every parameter, in a fixed order.
     *
     * @param withPrior the stem takes the landmark prior as a fourth channel after the normalised image
     */
    public static Map<String, long[]> parameterShapes(boolean withUncertainty, boolean withPrior) {
        return parameterShapes(withUncertainty, withPrior ? PriorInputs.STEM : PriorInputs.NONE);
    }

    /**
     * Name and shape of every parameter, in a fixed order.
     *
     * @param prior where the network takes the landmark prior: each of those convs has one more input channel, the
     *              last
     */
    public static Map<String, long[]> parameterShapes(boolean withUncertainty, PriorInputs prior) {
        Map<String, long[]> p = new LinkedHashMap<>();
        p.put(MEAN, new long[] {3});
        p.put(INV_STD, new long[] {3});
        conv(p, STEM, 16, stemInputs(prior.stem()), 3, true);
        for (BackboneLayer l : BACKBONE) {
            String b = l.prefix();
            if (l.hasExpand()) {
                conv(p, b + "0.0", l.expanded(), l.in(), 1, true);
            }
            conv(p, b + l.depthwiseSlot() + ".0", l.expanded(), 1, l.kernel(), true);
            if (l.hasSe()) {
                conv(p, b + l.seSlot() + ".fc1", l.seSqueeze(), l.expanded(), 1, true);
                conv(p, b + l.seSlot() + ".fc2", l.expanded(), l.seSqueeze(), 1, true);
            }
            conv(p, b + l.projectSlot() + ".0", l.out(), l.expanded(), 1, true);
        }
        conv(p, "backbone.features.16.0", 960, 160, 1, true);
        conv(p, "aspp.aspp1.0", ASPP_CHANNELS, 960, 1, true);
        conv(p, "aspp.aspp2.1", ASPP_CHANNELS, 960, 1, false);
        gru(p, "decoder.decode4.gru", 64);
        int[] upIn = {ASPP_CHANNELS, DECODER_CHANNELS[0], DECODER_CHANNELS[1]};
        int[] skip = {SKIP_CHANNELS[2], SKIP_CHANNELS[1], SKIP_CHANNELS[0]};
        for (int i = 0; i < 3; i++) {
            String d = "decoder.decode" + (3 - i);
            conv(p, d + ".conv.0", DECODER_CHANNELS[i], upIn[i] + skip[i] + decoderImageInputs(prior.decoder()), 3,
                    true);
            gru(p, d + ".gru", DECODER_CHANNELS[i] / 2);
        }
        conv(p, DECODE0_CONV, HIDDEN_CHANNELS, DECODER_CHANNELS[2] + decoderImageInputs(prior.decoder()), 3, true);
        conv(p, "decoder.decode0.conv.3", HIDDEN_CHANNELS, HIDDEN_CHANNELS, 3, true);
        conv(p, "project_mat.conv", 4, HIDDEN_CHANNELS, 1, true);
        if (withUncertainty) {
            conv(p, UNCERTAINTY_HIDDEN, HIDDEN_CHANNELS, HIDDEN_CHANNELS, 3, true);
            conv(p, UNCERTAINTY_OUT, 1, HIDDEN_CHANNELS, 1, true);
        }
        return p;
    }

    /** The encoder's first conv (3x3, stride 2): the one layer that sees the image, and the prior with it. */
    public static final String STEM = "backbone.features.0.0";
    public static final String STEM_WEIGHT = STEM + ".weight";
    public static final int IMAGE_CHANNELS = 3;

    /** Input channels of the stem: the normalised image, then the prior when the network takes one. */
    public static int stemInputs(boolean withPrior) {
        return IMAGE_CHANNELS + (withPrior ? 1 : 0);
    }

    /** Whether {@code w} is the weights of a network that takes the landmark prior (its stem has 4 inputs). */
    public static boolean takesPrior(WeightSet w) {
        return priorInputs(w).stem();
    }

    /** Where the network that {@code w} is the weights of takes the landmark prior, told by the weights' shapes. */
    public static PriorInputs priorInputs(WeightSet w) {
        return priorInputs(inputChannels(w, STEM_WEIGHT), inputChannels(w, DECODE0_WEIGHT));
    }

    /**
     * Where a network takes the landmark prior, from the input channels of its stem and of decode0's first conv (a
     * reader of a model file counts them without building the weights first).
     */
    public static PriorInputs priorInputs(long stemInputs, long decode0Inputs) {
        if (stemInputs != stemInputs(true)) {
            return PriorInputs.NONE;
        }
        return decode0Inputs == DECODER_CHANNELS[2] + decoderImageInputs(true) ? PriorInputs.STEM_AND_DECODER
                : PriorInputs.STEM;
    }

    private static long inputChannels(WeightSet w, String weight) {
        return w.contains(weight) && w.get(weight).rank() == 4 ? w.get(weight).dim(1) : -1;
    }

    /**
     * The first conv of each decoder stage that sees the image: decode3, decode2, decode1 (the image pooled to their
     * scale) and decode0 (the working image). With the decoder prior, each also sees the prior, pooled the same way.
     */
    public static final List<String> DECODER_IMAGE_CONVS = List.of("decoder.decode3.conv.0", "decoder.decode2.conv.0",
            "decoder.decode1.conv.0", "decoder.decode0.conv.0");
    public static final String DECODE0_CONV = "decoder.decode0.conv.0";
    public static final String DECODE0_WEIGHT = DECODE0_CONV + ".weight";

    /** Input channels a decoder stage gives the image: its 3 channels, then the prior's when it takes one. */
    public static int decoderImageInputs(boolean withPrior) {
        return IMAGE_CHANNELS + (withPrior ? 1 : 0);
    }

    /**
     * The weights that have an input channel for the prior, each with the index of that channel (always the last):
     * learning rates and tests address the prior's weights through this.
     */
    public static Map<String, Integer> priorChannels(PriorInputs prior) {
        Map<String, Integer> c = new LinkedHashMap<>();
        Map<String, long[]> shapes = parameterShapes(true, prior);
        if (prior.stem()) {
            c.put(STEM_WEIGHT, IMAGE_CHANNELS);
        }
        if (prior.decoder()) {
            for (String conv : DECODER_IMAGE_CONVS) {
                c.put(conv + ".weight", (int) shapes.get(conv + ".weight")[1] - 1);
            }
        }
        return c;
    }

    /**
     * A copy of {@code w} that takes the landmark prior: the stem gains a fourth input channel whose weights are zero,
     * so before training the network computes exactly what {@code w} computes, whatever the prior. Every other tensor
     * is shared with {@code w}.
     *
     * @throws IllegalArgumentException when {@code w} takes a prior already or has no 3-channel stem
     */
    public static WeightSet withPrior(WeightSet w) {
        if (takesPrior(w)) {
            throw new IllegalArgumentException("the weights take a landmark prior already");
        }
        Tensor stem = w.get(STEM_WEIGHT);
        if (stem.rank() != 4 || stem.dim(1) != IMAGE_CHANNELS) {
            throw new IllegalArgumentException(STEM_WEIGHT + " has shape " + Arrays.toString(stem.shape())
                    + ", expected [16," + IMAGE_CHANNELS + ",3,3]");
        }
        WeightSet result = new WeightSet();
        w.asMap().forEach(result::put);
        result.put(STEM_WEIGHT, withZeroInput(stem));
        return result;
    }

    /**
     * A copy of {@code w}, the weights of a network that takes the prior at the stem, that takes it in the decoder
     * too: the first conv of decode3/2/1 and decode0 gains a last input channel, the prior pooled like the image next
     * to it, with zero weights, so before training the network computes exactly what {@code w} computes. Every other
     * tensor is shared with {@code w}.
     *
     * @throws IllegalArgumentException when {@code w} takes no prior at the stem, or takes it in the decoder already
     */
    public static WeightSet withDecoderPrior(WeightSet w) {
        PriorInputs prior = priorInputs(w);
        if (prior.decoder()) {
            throw new IllegalArgumentException("the weights take the landmark prior in the decoder already");
        }
        if (!prior.stem()) {
            throw new IllegalArgumentException("the weights take no landmark prior at the stem: widen the stem first");
        }
        Map<String, long[]> before = parameterShapes(true, PriorInputs.STEM);
        WeightSet result = new WeightSet();
        w.asMap().forEach(result::put);
        for (String conv : DECODER_IMAGE_CONVS) {
            Tensor t = w.get(conv + ".weight");
            if (!Arrays.equals(t.shape(), before.get(conv + ".weight"))) {
                throw new IllegalArgumentException(conv + ".weight has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(before.get(conv + ".weight")));
            }
            result.put(conv + ".weight", withZeroInput(t));
        }
        return result;
    }

    /**
     * {@code w} widened to take the prior wherever {@code target} does, with zero weights for what is new; {@code w}
     * itself when it takes it there already.
     *
     * @throws IllegalArgumentException when {@code w} takes the prior in more places than {@code target}
     */
    public static WeightSet widenedTo(WeightSet w, PriorInputs target) {
        PriorInputs has = priorInputs(w);
        if (has.compareTo(target) > 0) {
            throw new IllegalArgumentException("the weights take the landmark prior at " + has.label()
                    + ", more than " + target.label());
        }
        WeightSet result = w;
        if (target.stem() && !has.stem()) {
            result = withPrior(result);
        }
        if (target.decoder() && !has.decoder()) {
            result = withDecoderPrior(result);
        }
        return result;
    }

    /** An OIHW weight with one more input channel, last, whose weights are zero. */
    private static Tensor withZeroInput(Tensor t) {
        int out = (int) t.dim(0);
        int in = (int) t.dim(1);
        int k = (int) (t.dim(2) * t.dim(3));
        float[] v = new float[out * (in + 1) * k]; // the new channel's weights stay zero
        for (int o = 0; o < out; o++) {
            System.arraycopy(t.data(), o * in * k, v, o * (in + 1) * k, in * k);
        }
        return new Tensor(new long[] {out, in + 1, t.dim(2), t.dim(3)}, v);
    }

    /** Uncertainty head: 3x3 16->16 + ReLU, then 1x1 16->1, softplus + {@link #SIGMA_FLOOR}. */
    public static final String UNCERTAINTY_HIDDEN = "project_unc.0";
    public static final String UNCERTAINTY_OUT = "project_unc.2";

    private static void gru(Map<String, long[]> p, String prefix, int c) {
        conv(p, prefix + ".ih.0", 2L * c, 2L * c, 3, true);
        conv(p, prefix + ".hh.0", c, 2L * c, 3, true);
    }

    private static void conv(Map<String, long[]> p, String prefix, long out, long in, int k, boolean bias) {
        p.put(prefix + ".weight", new long[] {out, in, k, k});
        if (bias) {
            p.put(prefix + ".bias", new long[] {out});
        }
    }

    /** Size after a stride-2 layer or a 2x2 SAME average pool: ceil(n / 2). */
    public static int half(int n) {
        return (n + 1) / 2;
    }
}
