package org.facemat.face;

/**
 * One face followed across frames: a stable id, its latest landmarks, the smoothed crop the network sees, and how
 * many frames in a row the detector has not confirmed it (the mesh follows a face under a hand, the detector may not).
 */
public final class FaceTrack {
    private final int id;
    private final long firstFrame;
    private final CropSmoother smoother = new CropSmoother();
    private Landmarks landmarks;
    private FaceCrop crop;
    private int unconfirmed;

    FaceTrack(int id, long firstFrame, Landmarks landmarks) {
        this.id = id;
        this.firstFrame = firstFrame;
        this.landmarks = landmarks;
    }

    public int id() {
        return id;
    }

    /** The frame the track started on. */
    public long firstFrame() {
        return firstFrame;
    }

    public Landmarks landmarks() {
        return landmarks;
    }

    /** The smoothed crop of the current frame. */
    public FaceCrop crop() {
        return crop;
    }

    /** Frames in a row without a detection of this face (0 when the detector saw it in this frame). */
    public int unconfirmed() {
        return unconfirmed;
    }

    void follow(Landmarks l) {
        landmarks = l;
    }

    void confirmed(boolean seen) {
        unconfirmed = seen ? 0 : unconfirmed + 1;
    }

    void crop(boolean rotate, double dt) {
        crop = smoother.next(FaceCrop.around(landmarks, rotate), dt);
    }

    /** The box of the landmarks: x0, y0, x1, y1. */
    float[] box() {
        return landmarks.box();
    }
}
