package org.facemat.net.onnx;

import static org.facemat.net.onnx.GraphBuilder.floatAttr;
import static org.facemat.net.onnx.GraphBuilder.graphAttr;
import static org.facemat.net.onnx.GraphBuilder.intAttr;
import static org.facemat.net.onnx.GraphBuilder.intsAttr;
import static org.facemat.net.onnx.GraphBuilder.stringAttr;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.facemat.model.ModelContract;
import org.facemat.model.file.ModelMetadata;
import org.facemat.net.BackboneLayer;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.PriorInputs;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;

/**
 * Writes the FaceMat network (RVM MobileNetV3 matting network plus the uncertainty head) as an ONNX file that fulfils
 * {@link ModelContract}: opset 17, float32, dynamic H and W, inputs {@code src}, {@code src_sm}, {@code r1i..r4i},
 * outputs {@code alpha}, {@code uncertainty}, {@code r1o..r4o}; and the optional input {@code prior} when the weights'
 * stem takes the landmark prior ({@link FaceMatArchitecture#priorInputs}), which then also goes, pooled like the image,
 * to every decoder stage when the weights' decoder convs have its channel.
 *
 * <p>The computation follows the RVM TFJS graph: normalise {@code src_sm}, backbone, LR-ASPP, recurrent decoder,
 * projection (alpha channel only) and the uncertainty head; then, when {@code src_sm} is smaller than {@code src},
 * the fast guided filter brings alpha and uncertainty to full resolution. Two {@code If} nodes on input shapes pick
 * what runs: whether the refiner runs at all (not at ratio 1), and whether the last decoder stage needs its crop (not
 * for even working sizes, the fast path). Every Resize has a constant scale or a size taken from {@code Shape(src)},
 * which TensorRT accepts. Several places restate an operation in an equivalent form that ONNX Runtime's CPU provider
 * runs faster; the comments there say which and why.
 */
public final class FaceMatOnnxExporter {
    public static final String PRODUCER = "facemat";
    public static final long IR_VERSION = 8;

    private static final int PHA_CHANNEL = 3;

    private final WeightSet weights;
    /** Where nodes go: the top graph, or an If branch while one is being built. */
    private GraphBuilder g = new GraphBuilder("facemat");
    /** Weights derived from the parameters (slices), made once even when two branches use them. */
    private final Map<String, Tensor> derived = new HashMap<>();

    private FaceMatOnnxExporter(WeightSet weights) {
        this.weights = weights;
    }

    /**
     * Exports {@code weights} (every name of {@link FaceMatArchitecture#parameterShapes(boolean)} with the
     * uncertainty head) to {@code out}. The file appears only when complete: it is written to a temporary file in the
     * same folder and then renamed, replacing any older file.
     *
     * @throws IllegalArgumentException when a parameter is missing or has the wrong shape
     * @throws IOException              when the folder cannot be written; no partial file is left behind
     */
    public static void export(WeightSet weights, ModelMetadata metadata, Path out) throws IOException {
        ModelProto model = toModel(weights, metadata);
        org.facemat.io.AtomicFile.stream(out, model::writeTo);
    }

    /** The complete model in memory. */
    public static ModelProto toModel(WeightSet weights, ModelMetadata metadata) {
        checkWeights(weights);
        FaceMatOnnxExporter e = new FaceMatOnnxExporter(weights);
        e.buildGraph();
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setProducerVersion(metadata.modelVersion())
                .setDomain("org.facemat")
                .setDocString(metadata.modelName() + " " + metadata.modelVersion()
                        + ": face matte (alpha) and its standard deviation (uncertainty), RVM-based recurrent network")
                .setGraph(e.g.build());
        m.addOpsetImportBuilder().setDomain("").setVersion(ModelContract.OPSET);
        Map<String, String> properties = new java.util.LinkedHashMap<>(metadata.toProperties());
        PriorInputs prior = FaceMatArchitecture.priorInputs(weights);
        if (prior.stem()) {
            // the graph has the input, so the file says how the prior it expects is drawn, and which layers see it
            properties.put(ModelContract.META_PRIOR, ModelContract.PRIOR_KIND);
            properties.put(ModelMetadata.META_PRIOR_INPUTS, prior.label());
        }
        for (Map.Entry<String, String> p : properties.entrySet()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(p.getKey()).setValue(p.getValue()));
        }
        return m.build();
    }

    private static void checkWeights(WeightSet w) {
        List<String> problems = new ArrayList<>();
        PriorInputs prior = FaceMatArchitecture.priorInputs(w);
        for (Map.Entry<String, long[]> p : FaceMatArchitecture.parameterShapes(true, prior).entrySet()) {
            if (!w.contains(p.getKey())) {
                problems.add(p.getKey() + " is missing");
            } else if (!Arrays.equals(p.getValue(), w.get(p.getKey()).shape())) {
                problems.add(p.getKey() + " has shape " + Arrays.toString(w.get(p.getKey()).shape()) + ", expected "
                        + Arrays.toString(p.getValue()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot export: " + problems.size() + " parameter(s) wrong: "
                    + String.join("; ", problems.subList(0, Math.min(problems.size(), 10)))
                    + (problems.size() > 10 ? "; ..." : ""));
        }
    }

    // ----------------------------------------------------------------------------------------------------------------

    private void buildGraph() {
        String src = g.input(ModelContract.SRC, 1, 3, "H", "W");
        String srcSm = g.input(ModelContract.SRC_SMALL, 1, 3, "h", "w");
        String[] stateIn = new String[4];
        for (int i = 0; i < 4; i++) {
            stateIn[i] = g.input(ModelContract.STATE_INPUTS.get(i), 1, ModelContract.STATE_CHANNELS[i],
                    "r" + (i + 1) + "h", "r" + (i + 1) + "w");
        }
        PriorInputs priorInputs = FaceMatArchitecture.priorInputs(weights);
        boolean takesPrior = priorInputs.stem();
        String prior = takesPrior ? g.input(ModelContract.PRIOR, 1, 1, "H", "W") : null;
        // made where it is first needed: a model without the prior keeps its node order, so its file stays the same
        String sizeSm = takesPrior ? sizeOf(srcSm) : null;

        // normalisation with the constants stored in the weights (RVM's quantised values)
        String mean = g.initializer(FaceMatArchitecture.MEAN, weights.get(FaceMatArchitecture.MEAN).reshape(1, 3, 1, 1));
        String invStd = g.initializer(FaceMatArchitecture.INV_STD,
                weights.get(FaceMatArchitecture.INV_STD).reshape(1, 3, 1, 1));
        String x = g.mul("normalised", g.sub("centred", srcSm, mean), invStd);
        String priorSm = null;
        if (takesPrior) {
            priorSm = priorAtWorkingSize(prior, sizeSm);
            x = g.concat("backbone.input", x, priorSm);
        }

        // backbone
        x = hardswish("backbone.features.0", conv("backbone.features.0.0", x, 2, 1, 1, 1));
        String[] skips = new String[3];
        int stride = 2;
        for (BackboneLayer l : FaceMatArchitecture.BACKBONE) {
            stride *= l.stride();
            x = invertedResidual(l, x, stride);
            if (l.index() == FaceMatArchitecture.F1) {
                skips[0] = x;
            } else if (l.index() == FaceMatArchitecture.F2) {
                skips[1] = x;
            } else if (l.index() == FaceMatArchitecture.F3) {
                skips[2] = x;
            }
        }
        String f4 = hardswish("backbone.features.16", conv("backbone.features.16.0", x, 1, 0, 1, 1));

        // LR-ASPP: features gated by a sigmoid of their global mean
        String a = g.relu("aspp.aspp1", conv("aspp.aspp1.0", f4, 1, 0, 1, 1));
        String pooled = g.op("GlobalAveragePool", "aspp.pool", List.of(f4));
        String gate = g.op("Sigmoid", "aspp.gate", List.of(conv("aspp.aspp2.1", pooled, 1, 0, 1, 1)));
        String f4a = g.mul("aspp.out", a, gate);

        // recurrent decoder; s1..s3 are the un-normalised working image pooled like the encoder strides
        String s1 = avgPool("decoder.s1", srcSm);
        String s2 = avgPool("decoder.s2", s1);
        String s3 = avgPool("decoder.s3", s2);
        // the decoder prior, pooled like the image: the last input channel of each stage's first conv
        String p0 = priorInputs.decoder() ? priorSm : null;
        String p1 = p0 == null ? null : avgPool("decoder.p1", p0);
        String p2 = p1 == null ? null : avgPool("decoder.p2", p1);
        String p3 = p2 == null ? null : avgPool("decoder.p3", p2);
        String[] ab = g.halves("decoder.decode4.split", f4a);
        String r4o = gru("decoder.decode4.gru", ab[1], stateIn[3], ModelContract.STATE_OUTPUTS.get(3));
        String x4 = g.concat("decoder.decode4.out", ab[0], r4o);
        String x3 = upBlock(3, x4, skips[2], s3, p3, stateIn[2]);
        String x2 = upBlock(2, x3, skips[1], s2, p2, stateIn[1]);
        String x1 = upBlock(1, x2, skips[0], s1, p1, stateIn[0]);
        if (sizeSm == null) {
            sizeSm = sizeOf(srcSm);
        }
        String[] low = workingResolutionHeads(x1, srcSm, p0, sizeSm);
        refineOrPass(src, sizeSm, srcSm, low[0], low[1]);

        g.output(ModelContract.ALPHA, 1, 1, "H", "W");
        g.output(ModelContract.UNCERTAINTY, 1, 1, "H", "W");
        for (int i = 0; i < 4; i++) {
            g.output(ModelContract.STATE_OUTPUTS.get(i), 1, ModelContract.STATE_CHANNELS[i],
                    "r" + (i + 1) + "h", "r" + (i + 1) + "w");
        }
    }

    /** int64 [h, w] of the working image. */
    private String sizeOf(String srcSm) {
        return g.op("Shape", "size_src_sm", List.of(srcSm), intAttr("start", 2), intAttr("end", 4));
    }

    /**
     * The prior brought to the size of {@code src_sm} with the product's one downsampling (bilinear, half-pixel, no
     * antialiasing: {@code HalfPixelBilinear}); the sizes come from a shape, as TensorRT wants, and at ratio 1 the
     * resize is an identity.
     */
    private String priorAtWorkingSize(String prior, String sizeSm) {
        String sizes = g.op("Concat", "prior.sizes", List.of(g.ints("batch_1ch", 1, 1), sizeSm), intAttr("axis", 0));
        return g.op("Resize", "prior.working_size", List.of(prior, "", "", sizes),
                stringAttr("mode", "linear"),
                stringAttr("coordinate_transformation_mode", "half_pixel"));
    }

    /**
     * decode0 and the two heads at the working resolution h x w; returns raw alpha and sigma, [1,1,h,w]. decode0 reads
     * x1 upsampled x2 and cropped to h x w. For even h and w that crop is empty, and without it ONNX Runtime keeps
     * the whole chain (upsample and convs) in its blocked-channel layout, skipping a copy and two layout changes of
     * a 32-channel full working-size tensor. An If on the parity picks that branch, else the general one; both
     * compute the same values.
     *
     * @param priorSm the prior at the working size for a decoder that takes it, else null
     */
    private String[] workingResolutionHeads(String x1, String srcSm, String priorSm, String sizeSm) {
        String size1 = g.op("Shape", "decoder.decode1.size", List.of(x1), intAttr("start", 2), intAttr("end", 4));
        String doubled = g.mul("decoder.decode1.size_x2", size1, g.ints("two_2", 2, 2));
        String even = bothTrue("decoder.decode0.even", g.op("Equal", "decoder.decode0.is_double",
                List.of(doubled, sizeSm)));
        // both branches shape their outputs from Shape(src_sm), so that their shapes are provably equal
        String lowShape = g.op("Concat", "decoder.decode0.plane_shape", List.of(g.ints("batch_1ch", 1, 1), sizeSm),
                intAttr("axis", 0));

        GraphBuilder top = g;
        g = top.branch("even_working_size");
        // MaxPool 1x1 is an identity whose output the runtime keeps in its blocked layout: its blocked upsampling
        // only takes such inputs
        String blocked = g.op("MaxPool", "decoder.decode0.blocked", List.of(x1), intsAttr("kernel_shape", 1, 1));
        String upEven = upsample2(g, "decoder.decode0.up", blocked);
        g.valueInfo(upEven, 1, FaceMatArchitecture.DECODER_CHANNELS[2], "h", "w");
        GraphBuilder evenBranch = heads(upEven, srcSm, priorSm, lowShape);

        g = top.branch("odd_working_size");
        GraphBuilder oddBranch = heads(upsample2Crop("decoder.decode0.up", x1, srcSm), srcSm, priorSm, lowShape);
        g = top;

        String[] out = {"pha_raw", "sigma_low"};
        g.claim(out[0]);
        g.claim(out[1]);
        g.node("If", "decoder.decode0", List.of(even), out, graphAttr("then_branch", evenBranch.build()),
                graphAttr("else_branch", oddBranch.build()));
        return out;
    }

    /** decode0, the alpha projection and the uncertainty head, as the outputs of the branch being built. */
    private GraphBuilder heads(String up0, String srcSm, String priorSm, String lowShape) {
        String h = g.relu("decoder.decode0.relu0", convOfConcat(FaceMatArchitecture.DECODE0_CONV, 0,
                withImage(srcSm, priorSm, new Part(up0, FaceMatArchitecture.DECODER_CHANNELS[2]))));
        String hid = g.relu("decoder.decode0.relu3", conv("decoder.decode0.conv.3", h, 1, 1, 1, 1));
        // projection: only the alpha channel of project_mat (the foreground channels are not used)
        g.output(g.op("Reshape", "decoder.alpha_raw", List.of(alphaProjection(hid), lowShape)));
        g.output(g.op("Reshape", "decoder.sigma", List.of(uncertaintyHead(hid), lowShape)));
        return g;
    }

    /** A scalar true when both elements of a bool [2] are. */
    private String bothTrue(String name, String pair) {
        String first = g.op("Gather", name + ".0", List.of(pair, g.ints("index_0", true, 0)), intAttr("axis", 0));
        String second = g.op("Gather", name + ".1", List.of(pair, g.ints("index_1", true, 1)), intAttr("axis", 0));
        return g.op("And", name, List.of(first, second));
    }

    /**
     * @param stride the output stride after this layer: names the symbolic size declared on the residual sum's
     *               inputs, so that the runtime can prove them equal and fold the addition into the project conv
     */
    private String invertedResidual(BackboneLayer l, String in, int stride) {
        String b = l.prefix();
        String x = in;
        if (l.hasExpand()) {
            x = activation(l, b + "0", conv(b + "0.0", x, 1, 0, 1, 1));
        }
        String dw = b + l.depthwiseSlot();
        x = activation(l, dw, conv(dw + ".0", x, l.stride(), l.padding(), l.dilation(), l.expanded()));
        if (l.hasSe()) {
            String se = b + l.seSlot();
            String s = g.op("GlobalAveragePool", se + ".pool", List.of(x));
            s = g.relu(se + ".relu", conv(se + ".fc1", s, 1, 0, 1, 1));
            // hardsigmoid(x) = relu6(x + 3) / 6
            s = g.op("HardSigmoid", se + ".hsig", List.of(conv(se + ".fc2", s, 1, 0, 1, 1)),
                    floatAttr("alpha", 1f / 6f), floatAttr("beta", 0.5f));
            x = g.mul(se + ".scale", x, s);
        }
        x = conv(b + l.projectSlot() + ".0", x, 1, 0, 1, 1);
        if (l.residual()) {
            String height = "backbone_s" + stride + "_h";
            String width = "backbone_s" + stride + "_w";
            g.valueInfo(x, 1, l.out(), height, width);
            g.valueInfo(in, 1, l.in(), height, width);
            x = g.add("backbone.features." + l.index() + ".residual", x, in);
        }
        return x;
    }

    private String activation(BackboneLayer l, String name, String x) {
        return l.hardswish() ? hardswish(name, x) : g.relu(name + ".relu", x);
    }

    private String hardswish(String name, String x) {
        return g.op("HardSwish", name + ".hs", List.of(x));
    }

    /**
     * Decoder block {@code level} (3, 2, 1: at 1/8, 1/4, 1/2): upsample the coarser features, join the encoder skip
     * and the pooled image (and the pooled prior, {@code prior} not null), 3x3 conv + ReLU, then a ConvGRU on the
     * second half of the channels; returns [a, h'].
     */
    private String upBlock(int level, String coarse, String skip, String image, String prior, String stateIn) {
        String prefix = "decoder.decode" + level;
        int skipChannels = FaceMatArchitecture.SKIP_CHANNELS[level - 1];
        int upChannels = (int) weights.get(prefix + ".conv.0.weight").dim(1) - skipChannels
                - FaceMatArchitecture.decoderImageInputs(prior != null);
        // crop to the size of the pooled image, which equals the skip's: reading the skip's shape would make the
        // runtime convert the whole skip tensor back from its blocked layout just to get its size
        String up = upsample2Crop(prefix + ".up", coarse, image);
        String x = g.relu(prefix + ".relu", convOfConcat(prefix + ".conv.0", level,
                withImage(image, prior, new Part(up, upChannels), new Part(skip, skipChannels))));
        String[] ab = g.halves(prefix + ".split", x);
        String h = gru(prefix + ".gru", ab[1], stateIn, ModelContract.STATE_OUTPUTS.get(level - 1));
        return g.concat(prefix + ".out", ab[0], h);
    }

    /** A tensor and its channel count: one part of a channel concatenation. */
    private record Part(String value, int channels) {
    }

    /**
     * The parts of a decoder conv's input: the features, then the image, then the prior when the decoder takes it.
     * The prior is a part of its own (a 1-channel conv, {@code .partK} like the others) rather than joined to the
     * image, so that a model without it keeps its graph and the reader joins the parts in the weight's channel order.
     */
    private static Part[] withImage(String image, String prior, Part... features) {
        List<Part> parts = new ArrayList<>(List.of(features));
        parts.add(new Part(image, FaceMatArchitecture.IMAGE_CHANNELS));
        if (prior != null) {
            parts.add(new Part(prior, 1));
        }
        return parts.toArray(Part[]::new);
    }

    /**
     * 3x3 conv (pad 1) over the channel concatenation of {@code parts}, computed as the sum of one conv per part with
     * the matching slice of the weights (the bias goes to the last). Same function, but ONNX Runtime runs each part
     * in its fast blocked-channel layout and adds the partial sums inside the convs, while a concatenation of 35, 59,
     * 107 or 171 channels falls back to a slower path and costs a copy.
     *
     * @param level the decoder level (0..3): its spatial size is declared on the partial sums so that the runtime
     *              can prove their shapes equal, which it needs to fuse the additions into the convs
     */
    private String convOfConcat(String prefix, int level, Part... parts) {
        Tensor w = weights.get(prefix + ".weight");
        String height = level == 0 ? "h" : "decoder" + level + "_h";
        String width = level == 0 ? "w" : "decoder" + level + "_w";
        String sum = null;
        int from = 0;
        for (int i = 0; i < parts.length; i++) {
            Part p = parts[i];
            int start = from;
            String wName = g.initializer(prefix + ".weight.part" + i, derived(prefix + ".weight.part" + i,
                    () -> inputChannels(w, start, p.channels())));
            from += p.channels();
            String bName = i == parts.length - 1 ? g.initializer(prefix + ".bias", weights.get(prefix + ".bias"))
                    : null;
            String y = g.conv(prefix + ".part" + i, p.value(), wName, bName, 3, 3, 1, 1, 1, 1);
            g.valueInfo(y, 1, w.dim(0), height, width);
            if (sum != null) {
                y = g.add(prefix + ".sum" + i, sum, y);
                g.valueInfo(y, 1, w.dim(0), height, width);
            }
            sum = y;
        }
        if (from != w.dim(1)) {
            throw new IllegalStateException(prefix + ": parts have " + from + " channels, the weight " + w.dim(1));
        }
        return sum;
    }

    private Tensor derived(String name, Supplier<Tensor> make) {
        return derived.computeIfAbsent(name, k -> make.get());
    }

    /** The slice [:, from:from+n] of an OIHW weight. */
    public static Tensor inputChannels(Tensor w, int from, int n) {
        int out = (int) w.dim(0);
        int in = (int) w.dim(1);
        int k = (int) (w.dim(2) * w.dim(3));
        float[] v = new float[out * n * k];
        for (int o = 0; o < out; o++) {
            System.arraycopy(w.data(), (o * in + from) * k, v, o * n * k, n * k);
        }
        return new Tensor(new long[] {out, n, w.dim(2), w.dim(3)}, v);
    }

    /**
     * ConvGRU: [r, z] = sigmoid(conv([x, h])), c = tanh(conv([x, r h])), h' = (1 - z) h + z c, written as
     * h + z (c - h): the same value with one elementwise pass fewer.
     */
    private String gru(String prefix, String x, String h, String out) {
        String rz = g.op("Sigmoid", prefix + ".rz", List.of(conv(prefix + ".ih.0", g.concat(prefix + ".xh", x, h),
                1, 1, 1, 1)));
        String[] r_z = g.halves(prefix + ".split", rz);
        String rh = g.mul(prefix + ".rh", r_z[0], h);
        String c = g.op("Tanh", prefix + ".c", List.of(conv(prefix + ".hh.0", g.concat(prefix + ".xrh", x, rh),
                1, 1, 1, 1)));
        String step = g.mul(prefix + ".step", r_z[1], g.sub(prefix + ".c_minus_h", c, h));
        return g.opNamed("Add", out, List.of(h, step));
    }

    /** Bilinear x2 (half-pixel, constant scales) then crop to the size of {@code like}. */
    private String upsample2Crop(String name, String x, String like) {
        String up = upsample2(g, name, x);
        String end = g.op("Shape", name + ".size", List.of(like), intAttr("start", 2), intAttr("end", 4));
        return g.op("Slice", name + ".crop", List.of(up, g.ints("zeros_2", 0, 0), end, g.ints("axes_hw", 2, 3)));
    }

    /** Bilinear x2 with half-pixel centres; the scale is a constant, as TensorRT requires. */
    private static String upsample2(GraphBuilder b, String name, String x) {
        String scales = b.floats("scales_x2", new long[] {4}, 1f, 1f, 2f, 2f);
        return b.op("Resize", name, List.of(x, "", scales),
                stringAttr("mode", "linear"),
                stringAttr("coordinate_transformation_mode", "half_pixel"));
    }

    /** 2x2 stride-2 average with TF SAME padding: odd sizes give a last window of the valid pixels only. */
    private String avgPool(String name, String x) {
        return g.op("AveragePool", name, List.of(x),
                intsAttr("kernel_shape", 2, 2),
                intsAttr("strides", 2, 2),
                intsAttr("pads", 0, 0, 1, 1),
                intAttr("count_include_pad", 0));
    }

    private String alphaProjection(String hid) {
        Tensor w = weights.get("project_mat.conv.weight");
        Tensor b = weights.get("project_mat.conv.bias");
        int c = FaceMatArchitecture.HIDDEN_CHANNELS;
        String wName = g.initializer("project_mat.conv.weight.alpha", derived("project_mat.conv.weight.alpha",
                () -> new Tensor(new long[] {1, c, 1, 1},
                        Arrays.copyOfRange(w.data(), PHA_CHANNEL * c, (PHA_CHANNEL + 1) * c))));
        String bName = g.initializer("project_mat.conv.bias.alpha", derived("project_mat.conv.bias.alpha",
                () -> new Tensor(new long[] {1}, new float[] {b.data()[PHA_CHANNEL]})));
        return g.conv("project_mat.alpha", hid, wName, bName, 1, 1, 1, 0, 1, 1);
    }

    /** sigma = softplus(conv1x1(relu(conv3x3(hid)))) + floor, strictly positive. */
    private String uncertaintyHead(String hid) {
        String h = g.relu("project_unc.relu", conv(FaceMatArchitecture.UNCERTAINTY_HIDDEN, hid, 1, 1, 1, 1));
        String s = g.op("Softplus", "project_unc.softplus", List.of(conv(FaceMatArchitecture.UNCERTAINTY_OUT, h, 1,
                0, 1, 1)));
        return g.add("project_unc.sigma", s, g.scalar(FaceMatArchitecture.SIGMA_FLOOR));
    }

    /**
     * {@code If} (H, W of src) == (h, w) of src_sm: pass the low-resolution results through; else the fast guided
     * filter. Only the taken branch runs.
     */
    private void refineOrPass(String src, String sizeSm, String srcSm, String phaRaw, String sigmaLow) {
        String sizeFull = g.op("Shape", "size_src", List.of(src), intAttr("start", 2), intAttr("end", 4));
        String cond = bothTrue("refine.ratio_is_1", g.op("Equal", "refine.same_size", List.of(sizeFull, sizeSm)));

        // both branches give [1,1,H,W] shaped from Shape(src): TensorRT releases up to 10.6 want the two branches'
        // outputs to have provably equal shapes; at ratio 1 the reshape only relabels h, w as H, W
        String fullShape = g.op("Concat", "refine.plane_shape", List.of(g.ints("batch_1ch", 1, 1), sizeFull),
                intAttr("axis", 0));
        GraphBuilder pass = g.branch("full_resolution");
        String a1 = pass.op("Reshape", "pass.alpha", List.of(pass.op("Clip", "pass.alpha_clip",
                List.of(phaRaw, g.scalar(0f), g.scalar(1f))), fullShape));
        String u1 = pass.op("Reshape", "pass.uncertainty", List.of(sigmaLow, fullShape));
        pass.output(a1);
        pass.output(u1);

        GraphBuilder refine = g.branch("fast_guided_filter");
        String[] au = FastGuidedFilter.apply(refine, src, srcSm, phaRaw, sigmaLow, sizeFull, fullShape);
        refine.output(au[0]);
        refine.output(au[1]);

        g.claim(ModelContract.ALPHA);
        g.claim(ModelContract.UNCERTAINTY);
        g.node("If", "refine", List.of(cond), new String[] {ModelContract.ALPHA, ModelContract.UNCERTAINTY},
                graphAttr("then_branch", pass.build()), graphAttr("else_branch", refine.build()));
    }

    /** Conv with the parameters {@code prefix.weight} / {@code prefix.bias}, kernel size from the weight shape. */
    private String conv(String prefix, String x, int stride, int pad, int dilation, int group) {
        Tensor w = weights.get(prefix + ".weight");
        String wName = g.initializer(prefix + ".weight", w);
        String bName = weights.contains(prefix + ".bias") ? g.initializer(prefix + ".bias",
                weights.get(prefix + ".bias")) : null;
        return g.conv(prefix, x, wName, bName, (int) w.dim(2), (int) w.dim(3), stride, pad, dilation, group);
    }
}
