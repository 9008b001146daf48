package org.facemat.train.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.facemat.model.file.ModelMetadata;
import org.facemat.net.UncertaintyHeadInit;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.rvm.RvmWeightImporter;
import org.facemat.train.testing.Oracle;

/** The RVM weights plus a seeded uncertainty head, exported once per test JVM. */
final class ExportFixture {
    static final ModelMetadata METADATA = ModelMetadata.of("facemat-rvm-test", "0.0.1",
            "public RVM weights (VideoMatte240K, Distinctions-646, AIM, COCO, YouTubeVIS, SPD); untrained uncertainty"
                    + " head");
    private static WeightSet weights;
    private static Path model;

    private ExportFixture() {
    }

    static synchronized WeightSet weights() throws Exception {
        if (weights == null) {
            WeightSet w = RvmWeightImporter.importFile(Oracle.modelJson());
            UncertaintyHeadInit.addTo(w, 42);
            weights = w;
        }
        return weights;
    }

    /** The exported model file (under target/, rebuilt once per JVM). */
    static synchronized Path modelFile() throws Exception {
        if (model == null) {
            Path dir = Paths.get("target", "export-test");
            Files.createDirectories(dir);
            Path f = dir.resolve("facemat-rvm.onnx");
            FaceMatOnnxExporter.export(weights(), METADATA, f);
            model = f;
        }
        return model;
    }
}
