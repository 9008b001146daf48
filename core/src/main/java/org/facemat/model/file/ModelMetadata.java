package org.facemat.model.file;

import java.util.LinkedHashMap;
import java.util.Map;
import org.facemat.model.DownsampleRatios;
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
 * @param extra            further {@code facemat.train.*} entries (steps, metrics), after the required ones
 */
public record ModelMetadata(String modelName, String modelVersion, String trainingData, String downsampleRatios,
                            String alphaSemantics, String licence, Map<String, String> extra) {

    /**
     * Where a model that takes the landmark prior feeds it ({@link org.facemat.net.PriorInputs#label}: "stem" or
     * "stem, decoder"), written by the exporter next to {@link ModelContract#META_PRIOR}; models exported before the
     * decoder prior do not carry it, and take the prior at the stem. Only the trainer and {@code model info} read it:
     * the node feeds the prior input the same way wherever the graph sends it.
     */
    public static final String META_PRIOR_INPUTS = "facemat.prior_inputs";

    /** Prefix of the optional entries a training run adds. */
    public static final String TRAIN_PREFIX = "facemat.train.";

    /** Recommended ratio per frame size: see {@link DownsampleRatios}. */
    public static final String DEFAULT_DOWNSAMPLE_RATIOS = DownsampleRatios.DEFAULT;
    public static final String SKIN_FOREGROUND = "skin foreground: alpha 1 on facial skin (forehead to chin, cheek to"
            + " cheek, with eyes, brows, nose, mouth, lips), 0 on hair, ears, neck, background and anything in front of"
            + " the face; fractional under semi-transparent occluders";
    public static final String LICENCE = "GPL-3.0";

    public ModelMetadata {
        requireText("model name", modelName);
        requireText("model version", modelVersion);
        requireText("training data summary", trainingData);
        requireText("alpha semantics", alphaSemantics);
        requireText("licence", licence);
        requireText("downsample ratios", downsampleRatios);
        DownsampleRatios.parse(downsampleRatios); // refuses a malformed table
        extra = Map.copyOf(extra);
        for (String k : extra.keySet()) {
            if (!k.startsWith(TRAIN_PREFIX)) {
                throw new IllegalArgumentException("extra metadata keys start with " + TRAIN_PREFIX + ", not " + k);
            }
        }
    }

    public ModelMetadata(String modelName, String modelVersion, String trainingData, String downsampleRatios,
                         String alphaSemantics, String licence) {
        this(modelName, modelVersion, trainingData, downsampleRatios, alphaSemantics, licence, Map.of());
    }

    /** Adds {@code facemat.train.<key>} entries. */
    public ModelMetadata withTrainingFacts(Map<String, String> facts) {
        Map<String, String> e = new java.util.TreeMap<>(extra);
        facts.forEach((k, v) -> e.put(TRAIN_PREFIX + k, v));
        return new ModelMetadata(modelName, modelVersion, trainingData, downsampleRatios, alphaSemantics, licence, e);
    }

    /**
     * The metadata a model file carries, to write again with a rewritten graph: the required keys and the
     * {@code facemat.train.*} entries. Keys that describe the graph itself ({@code facemat.weights},
     * {@code facemat.prior}, {@code facemat.prior_inputs}) are left to whatever writes the new one.
     *
     * @throws IllegalArgumentException when a required key is missing or empty
     */
    public static ModelMetadata fromProperties(Map<String, String> p) {
        Map<String, String> train = new java.util.TreeMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(TRAIN_PREFIX)) {
                train.put(k, v);
            }
        });
        return new ModelMetadata(p.get(ModelContract.META_NAME), p.get(ModelContract.META_VERSION),
                p.get(ModelContract.META_DATA), p.get(ModelContract.META_RATIOS), p.get(ModelContract.META_ALPHA),
                p.get(ModelContract.META_LICENCE), train);
    }

    /** Skin-foreground model under GPL-3.0 with the default ratios. */
    public static ModelMetadata of(String modelName, String modelVersion, String trainingData) {
        return new ModelMetadata(modelName, modelVersion, trainingData, DEFAULT_DOWNSAMPLE_RATIOS, SKIN_FOREGROUND,
                LICENCE);
    }

    public ModelMetadata withAlphaSemantics(String semantics) {
        return new ModelMetadata(modelName, modelVersion, trainingData, downsampleRatios, semantics, licence, extra);
    }

    public ModelMetadata withDownsampleRatios(String ratios) {
        return new ModelMetadata(modelName, modelVersion, trainingData, ratios, alphaSemantics, licence, extra);
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
        new java.util.TreeMap<>(extra).forEach(p::put);
        return p;
    }

    private static void requireText(String what, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
