package org.facemat.face;

import ai.onnxruntime.OrtException;
import java.util.List;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelLoadException;

/**
 * The face detector and face mesh as the tracker uses them ({@link FaceLocator}), opened on the device and threads the
 * matting model was opened with.
 */
public final class ShippedFaceModels implements FaceLocator {
    /**
     * The detector score from which the tracker takes a face: just above the most the detector gives a picture with no
     * face (the shared brick, grass and gravel textures: 0.37 at most), below MediaPipe's 0.5 because a face half
     * covered by a hand or an object can score 0.4-0.5 even in the detector's half-size pass.
     */
    public static final float ACQUIRE_SCORE = 0.4f;

    private final FaceDetector detector;
    private final FaceMesh mesh;

    private ShippedFaceModels(FaceDetector detector, FaceMesh mesh) {
        this.detector = detector;
        this.mesh = mesh;
    }

    /** Opens the face models of {@code models} on {@code model}'s device. */
    public static FaceLocator open(FaceModels models, FaceMatModel model) throws ModelLoadException {
        FaceDetector d = FaceDetector.open(models.detector(), model.device(), model.threads(),
                ACQUIRE_SCORE);
        try {
            return new ShippedFaceModels(d, FaceMesh.open(models.mesh(), model.device(), model.threads()));
        } catch (ModelLoadException | RuntimeException e) {
            try {
                d.close();
            } catch (OrtException ignored) {
                // the first problem is the one to report
            }
            throw e;
        }
    }

    @Override
    public List<Detection> detect(float[] rgb, int height, int width) throws OrtException {
        return detector.detect(rgb, height, width);
    }

    @Override
    public Landmarks fromDetection(float[] rgb, int height, int width, Detection detection) throws OrtException {
        return mesh.fromDetection(rgb, height, width, detection);
    }

    @Override
    public Landmarks fromLandmarks(float[] rgb, int height, int width, Landmarks previous) throws OrtException {
        return mesh.fromLandmarks(rgb, height, width, previous);
    }

    @Override
    public void close() throws OrtException {
        try {
            detector.close();
        } finally {
            mesh.close();
        }
    }
}
