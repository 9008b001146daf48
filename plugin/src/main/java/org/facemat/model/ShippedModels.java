package org.facemat.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The models the project ships (in {@code plugin/src/main/resources/models/} and the OpenFX bundle's
 * {@code Resources/models/}) and which of them a render uses when none is given: the trained face matte when it is
 * there, else the imported RVM network.
 */
public final class ShippedModels {
    /** The trained FaceMat student: the default model. */
    public static final String TRAINED = "facemat-face.onnx";
    /** The RVM network imported as is (a person matte): the starting point of training. */
    public static final String INIT = "facemat-init.onnx";

    private ShippedModels() {
    }

    /** The default model of a models folder. */
    public static Path defaultIn(Path modelsFolder) {
        Path trained = modelsFolder.resolve(TRAINED);
        return Files.isRegularFile(trained) ? trained : modelsFolder.resolve(INIT);
    }
}
