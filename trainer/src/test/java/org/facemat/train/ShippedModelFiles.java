package org.facemat.train;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.model.ShippedModels;

/** The models the project ships, found from the test's working folder (a module folder or the project's). */
public final class ShippedModelFiles {
    private static final String FOLDER = "core/src/main/resources/models/";

    private ShippedModelFiles() {
    }

    /** The imported RVM network, where training starts. */
    public static Path init() {
        return find(ShippedModels.INIT);
    }

    /** The trained default model. */
    public static Path trained() {
        return find(ShippedModels.TRAINED);
    }

    /** facemat-face 2.0.0, the shipped model whose landmark prior enters at the stem only. */
    public static Path stemPrior() {
        return find("facemat-face-2.0.0.onnx");
    }

    /** The shipped face detector (BlazeFace) and face mesh. */
    public static Path faceDetector() {
        return find(ShippedModels.FACE_DETECTOR);
    }

    public static Path faceMesh() {
        return find(ShippedModels.FACE_MESH);
    }

    private static Path find(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve(FOLDER + name))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(name + " not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve(FOLDER + name);
    }
}
