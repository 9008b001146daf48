package org.facemat.face;

/**
 * A face the detector found in a frame, in frame pixels (continuous convention: pixel (i, j) covers [i, i+1)).
 *
 * @param x0        left edge of the face box
 * @param y0        top edge
 * @param x1        right edge
 * @param y1        bottom edge
 * @param score     confidence in [0, 1]
 * @param keypoints six points, x then y each: right eye, left eye, nose, mouth, right ear, left ear (the person's
 *                  right and left)
 */
public record Detection(float x0, float y0, float x1, float y1, float score, float[] keypoints) {
    public static final int KEYPOINTS = 6;

    public Detection {
        if (keypoints.length != 2 * KEYPOINTS) {
            throw new IllegalArgumentException("a detection has " + KEYPOINTS + " keypoints, got "
                    + keypoints.length / 2);
        }
    }

    public float width() {
        return x1 - x0;
    }

    public float height() {
        return y1 - y0;
    }

    public float centreX() {
        return 0.5f * (x0 + x1);
    }

    public float centreY() {
        return 0.5f * (y0 + y1);
    }

    /** Intersection over union of the two boxes. */
    public float iou(Detection o) {
        return iou(new float[] {x0, y0, x1, y1}, new float[] {o.x0, o.y0, o.x1, o.y1});
    }

    /** Intersection over union of two boxes given as x0, y0, x1, y1. */
    public static float iou(float[] a, float[] b) {
        float ix = Math.max(0f, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        float iy = Math.max(0f, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        float inter = ix * iy;
        float union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0f ? 0f : inter / union;
    }

    /** The box as x0, y0, x1, y1. */
    public float[] box() {
        return new float[] {x0, y0, x1, y1};
    }
}
