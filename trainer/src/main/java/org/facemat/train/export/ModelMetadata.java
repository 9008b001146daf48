package org.facemat.train.export;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.facemat.model.ModelContract;

/**
 * What an exported model says about itself in its ONNX {@code metadata_props}: the caller (training run, CLI
 * {@code export}) decides name, version and training data; the colour space and the contract version are fixed by
 * {@link ModelContract}.
 *
 * @param modelName        e.g. "facemat-skin"
 * @param modelVersion     e.g. "1.0.0"
 * @param trainingData     one-line summary of what the weights were trained on
 * @param downsampleRatios recommended ratio per resolution, see {@link #DEFAULT_DOWNSAMPLE_RATIOS}
 * @param alphaSemantics   what alpha = 1 means
 * @param licence          licence of the weights
 */
public record ModelMetadata(String modelName, String modelVersion, String trainingData, String downsampleRatios,
                            String alphaSemantics, String licence) {

    /**
     * Comma-separated {@code <=N:ratio} / {@code >N:ratio} entries keyed on the longer image side in pixels, first
     * match wins. Chosen after RVM's guidance (portrait ratios 0.375 at 720p, 0.25 at 1080p, 0.125 at 4K): the
     * network works best when its working image is about 256-512 px on the short side, so each step keeps the
     * working image near 480-512 x 270-288.
     */
    public static final String DEFAULT_DOWNSAMPLE_RATIOS =
            "<=512:1.0,<=960:0.5,<=1280:0.4,<=1920:0.25,<=2560:0.2,<=4096:0.125,>4096:0.0625";
    public static final String SKIN_FOREGROUND = "skin foreground: alpha 1 on facial skin (forehead to chin, cheek to"
            + " cheek, with eyes, brows, nose, mouth, lips), 0 on hair, ears, neck, background and anything in front of"
            + " the face; fractional under semi-transparent occluders";
    public static final String LICENCE = "GPL-3.0";

    private static final Pattern RATIO_ENTRY = Pattern.compile("(<=|>)\\d+:(\\d+(\\.\\d+)?)");

    public ModelMetadata {
        requireText("model name", modelName);
        requireText("model version", modelVersion);
        requireText("training data summary", trainingData);
        requireText("alpha semantics", alphaSemantics);
        requireText("licence", licence);
        requireText("downsample ratios", downsampleRatios);
        for (String e : downsampleRatios.split(",")) {
            String entry = e.trim();
            var m = RATIO_ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("downsample ratio entry '" + entry
                        + "' is not of the form <=N:ratio or >N:ratio");
            }
            double r = Double.parseDouble(m.group(2));
            if (!(r > 0 && r <= 1)) {
                throw new IllegalArgumentException("downsample ratio " + r + " in '" + entry + "' is not in (0, 1]");
            }
        }
    }

    /** Skin-foreground model under GPL-3.0 with the default ratios. */
    public static ModelMetadata of(String modelName, String modelVersion, String trainingData) {
        return new ModelMetadata(modelName, modelVersion, trainingData, DEFAULT_DOWNSAMPLE_RATIOS, SKIN_FOREGROUND,
                LICENCE);
    }

    public ModelMetadata withAlphaSemantics(String semantics) {
        return new ModelMetadata(modelName, modelVersion, trainingData, downsampleRatios, semantics, licence);
    }

    public ModelMetadata withDownsampleRatios(String ratios) {
        return new ModelMetadata(modelName, modelVersion, trainingData, ratios, alphaSemantics, licence);
    }

    /** Every key of {@link ModelContract#REQUIRED_METADATA} with its value, in that order. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ModelContract.META_NAME, modelName);
        p.put(ModelContract.META_VERSION, modelVersion);
        p.put(ModelContract.META_DATA, trainingData);
        p.put(ModelContract.META_RATIOS, downsampleRatios);
        p.put(ModelContract.META_COLOUR, ModelContract.COLOUR_SPACE);
        p.put(ModelContract.META_ALPHA, alphaSemantics);
        p.put(ModelContract.META_LICENCE, licence);
        p.put(ModelContract.META_CONTRACT, ModelContract.CONTRACT_VERSION);
        if (!p.keySet().equals(new java.util.LinkedHashSet<>(ModelContract.REQUIRED_METADATA))) {
            throw new IllegalStateException("metadata keys out of step with ModelContract.REQUIRED_METADATA");
        }
        return p;
    }

    private static void requireText(String what, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
