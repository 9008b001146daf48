package org.facemat.face;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.model.ModelLoadException;
import org.facemat.model.ShippedModels;

/**
 * The two face models and their ONNX interface, as the exporter writes them and the runtime reads them.
 *
 * <p>Detector ({@value #DETECTOR_INPUT_SIZE}x{@value #DETECTOR_INPUT_SIZE}): input {@code image} [1,3,256,256] planar
 * RGB scaled to [-1, 1]; outputs {@code scores} [1,896] (logits, before the sigmoid) and {@code boxes} [1,896,16]
 * (per anchor: cx, cy, w, h and six keypoints x, y, as offsets in input pixels from the anchor centre).
 *
 * <p>Mesh ({@value #MESH_INPUT_SIZE}x{@value #MESH_INPUT_SIZE}): input {@code image} [1,3,192,192] planar RGB in
 * [0, 1]; outputs {@code landmarks} [1,1404] (468 x (x, y, z) in crop pixels) and {@code flag} [1,1] (face
 * probability).
 *
 * @param detector the BlazeFace file
 * @param mesh     the face mesh file
 */
public record FaceModels(Path detector, Path mesh) {
    public static final String INPUT = "image";
    public static final String SCORES = "scores";
    public static final String BOXES = "boxes";
    public static final String LANDMARKS = "landmarks";
    public static final String FLAG = "flag";
    public static final int DETECTOR_INPUT_SIZE = 256;
    public static final int MESH_INPUT_SIZE = 192;
    public static final int ANCHORS = 896;
    public static final int BOX_VALUES = 16;

    /** The face models of a models folder (the shipped one, or any other holding both files). */
    public static FaceModels in(Path modelsFolder) throws ModelLoadException {
        FaceModels m = new FaceModels(modelsFolder.resolve(ShippedModels.FACE_DETECTOR),
                modelsFolder.resolve(ShippedModels.FACE_MESH));
        for (Path p : new Path[] {m.detector, m.mesh}) {
            if (!Files.isRegularFile(p)) {
                throw new ModelLoadException(p + ": face model not found");
            }
        }
        return m;
    }
}
