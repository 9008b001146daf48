package org.facemat.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facemat.io.OneLine;

/**
 * The one interface between trainer, CLI and plugin: names, shapes and metadata of a FaceMat ONNX model.
 *
 * <p>Inputs: {@code src} [1,3,H,W] sRGB-encoded Rec.709 RGB in [0,1]; {@code src_sm} [1,3,h,w], the working image
 * made from {@code src} by {@link org.facemat.image.HalfPixelBilinear} (equal to {@code src} at ratio 1);
 * {@code r1i..r4i}, the recurrent states. Outputs: {@code alpha} [1,1,H,W] in [0,1], {@code uncertainty} [1,1,H,W]
 * >= 0 (standard deviation of alpha) and {@code r1o..r4o}. The working image is an input so that the graph has no
 * Resize whose scale is a runtime value (TensorRT rejects that).
 */
public final class ModelContract {
    private ModelContract() {
    }

    public static final int OPSET = 17;

    public static final String SRC = "src";
    public static final String SRC_SMALL = "src_sm";
    public static final List<String> STATE_INPUTS = List.of("r1i", "r2i", "r3i", "r4i");
    /**
     * The optional landmark prior, [1,1,H,W] at the resolution of {@code src}: 1 inside the face oval drawn from the
     * face-mesh landmarks, 0 outside, a soft edge between ({@link org.facemat.face.LandmarkPrior}). The graph resizes
     * it to the working size itself. A model declares it or not; see docs/model-contract.md.
     */
    public static final String PRIOR = "prior";
    /**
     * What a caller feeds a model that takes the prior when it has no landmarks: ones everywhere, "the face may be
     * anywhere", so the network falls back on the image alone (zeros would claim "no face in this frame").
     */
    public static final float PRIOR_UNKNOWN = 1f;
    /** Optional metadata: how the model's prior is drawn, present when the model takes one. */
    public static final String META_PRIOR = "facemat.prior";
    /** Value of {@link #META_PRIOR} for the soft face oval of {@link org.facemat.face.LandmarkPrior}. */
    public static final String PRIOR_KIND = "landmark-oval v1";
    public static final String ALPHA = "alpha";
    public static final String UNCERTAINTY = "uncertainty";
    public static final List<String> STATE_OUTPUTS = List.of("r1o", "r2o", "r3o", "r4o");
    public static final int[] STATE_CHANNELS = {16, 20, 40, 64};

    /** metadata_props keys every model carries. */
    public static final String META_NAME = "facemat.model_name";
    public static final String META_VERSION = "facemat.model_version";
    public static final String META_DATA = "facemat.training_data";
    public static final String META_RATIOS = "facemat.downsample_ratios";
    public static final String META_COLOUR = "facemat.colour_space";
    public static final String META_ALPHA = "facemat.alpha_semantics";
    public static final String META_LICENCE = "facemat.licence";
    public static final String META_CONTRACT = "facemat.contract";
    public static final List<String> REQUIRED_METADATA = List.of(META_NAME, META_VERSION, META_DATA, META_RATIOS,
            META_COLOUR, META_ALPHA, META_LICENCE, META_CONTRACT);
    /** Value of {@link #META_CONTRACT} for this version of the contract. */
    public static final String CONTRACT_VERSION = "1";
    public static final String COLOUR_SPACE = "sRGB-encoded Rec.709 RGB, [0,1]";

    /** The network works at {@code int(float32(H) * ratio)}: truncation in float32, as the RVM graph does. */
    public static int workingSize(int full, float ratio) {
        if (ratio == 1f) {
            return full;
        }
        return (int) ((float) full * ratio);
    }

    /** Height (or width) of state {@code i} (0..3) for a working size n: n halved (rounding up) i+1 times. */
    public static int stateSize(int working, int i) {
        int n = working;
        for (int k = 0; k <= i; k++) {
            n = (n + 1) / 2;
        }
        return n;
    }

    /** Shape of state {@code i} for a working image of h x w. */
    public static long[] stateShape(int i, int h, int w) {
        return new long[] {1, STATE_CHANNELS[i], stateSize(h, i), stateSize(w, i)};
    }

    /** Longest stretch of a value quoted in an error message. */
    private static final int QUOTED_MAX = 80;

    /**
     * Checks the metadata a model declares, before anything uses it: every required key present and not empty, the
     * contract version this build reads, the colour space of the contract, and a ratio table that
     * {@link DownsampleRatios#parse} reads. Every value the code later parses is parsed here, so a model that loads
     * never fails on its metadata later.
     *
     * @param file     the model file, for the message
     * @param metadata the model's {@code metadata_props}
     * @return the model's ratio table
     * @throws ModelLoadException one line naming the file, the key and the value
     */
    public static DownsampleRatios checkMetadata(Path file, Map<String, String> metadata) throws ModelLoadException {
        for (String key : REQUIRED_METADATA) {
            String v = metadata.get(key);
            if (v == null) {
                throw new ModelLoadException(file + ": metadata '" + key + "' is missing (not a FaceMat model?)");
            }
            if (v.isBlank()) {
                throw new ModelLoadException(file + ": metadata '" + key + "' is empty");
            }
        }
        String contract = metadata.get(META_CONTRACT);
        if (!CONTRACT_VERSION.equals(contract)) {
            throw new ModelLoadException(file + ": metadata '" + META_CONTRACT + "' = " + quote(contract)
                    + ": this build reads contract version " + CONTRACT_VERSION);
        }
        String colour = metadata.get(META_COLOUR);
        if (!COLOUR_SPACE.equals(colour)) {
            throw new ModelLoadException(file + ": metadata '" + META_COLOUR + "' = " + quote(colour)
                    + ": the contract's colour space is '" + COLOUR_SPACE + "'");
        }
        String ratios = metadata.get(META_RATIOS);
        try {
            return DownsampleRatios.parse(ratios);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(file + ": metadata '" + META_RATIOS + "' = " + quote(ratios) + ": "
                    + e.getMessage());
        }
    }

    /**
     * A value in single quotes for a one-line message: line breaks and other control characters escaped, and cut
     * after {@value #QUOTED_MAX} characters.
     */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        return "'" + OneLine.escape(value, QUOTED_MAX, "") + "'"
                + (value.length() > QUOTED_MAX ? "... (" + value.length() + " characters)" : "");
    }
}
