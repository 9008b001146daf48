package org.facemat.face;

import ai.onnxruntime.OrtException;
import java.util.List;

/**
 * What the tracker asks of the face models: find faces in a frame, and place the 468 landmarks from a detection or
 * from the previous frame's landmarks. Frames are planar RGB in [0,1] (R, G, B planes of height x width).
 */
public interface FaceLocator extends AutoCloseable {

    /** The faces the detector finds in the frame, best first. */
    List<Detection> detect(float[] rgb, int height, int width) throws OrtException;

    /** Landmarks from a fresh detection. */
    Landmarks fromDetection(float[] rgb, int height, int width, Detection detection) throws OrtException;

    /** Landmarks from the same face's landmarks in the previous frame (or a previous pass on this frame). */
    Landmarks fromLandmarks(float[] rgb, int height, int width, Landmarks previous) throws OrtException;

    @Override
    void close() throws OrtException;
}
