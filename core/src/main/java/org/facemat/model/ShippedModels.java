package org.facemat.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The models the project ships (in {@code core/src/main/resources/models/} and the OpenFX bundle's
 * {@code Resources/models/}) and which of them a render uses when none is given: the trained face matte when it is
 * there, else the imported RVM network. The face detector and face mesh ship beside them (see
 * {@link org.facemat.face.FaceModels}).
 */
public final class ShippedModels {
    /** The trained FaceMat student: the default model. */
    public static final String TRAINED = "facemat-face.onnx";
    /** The RVM network imported as is (a person matte): the starting point of training. */
    public static final String INIT = "facemat-init.onnx";
    /** MediaPipe BlazeFace (short range, 256x256 back variant) converted to ONNX: finds faces. */
    public static final String FACE_DETECTOR = "blazeface.onnx";
    /** MediaPipe face mesh (468 landmarks) converted to ONNX: places the landmarks in a face crop. */
    public static final String FACE_MESH = "facemesh.onnx";

    private ShippedModels() {
    }

    /** The default model of a models folder. */
    public static Path defaultIn(Path modelsFolder) {
        Path trained = modelsFolder.resolve(TRAINED);
        return Files.isRegularFile(trained) ? trained : modelsFolder.resolve(INIT);
    }
}
