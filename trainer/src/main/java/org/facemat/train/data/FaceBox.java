package org.facemat.train.data;

import org.facemat.image.Plane;

/** An axis-aligned face box in pixels of its image (x, y = top-left corner). */
public record FaceBox(double x, double y, double w, double h) {
    /** The box of a plane's pixels above {@code threshold} ({@link Plane#boundsAbove}), or null when there are none. */
    public static FaceBox above(Plane p, float threshold) {
        int[] b = p.boundsAbove(threshold);
        return b == null ? null : new FaceBox(b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1);
    }

    public double centerX() {
        return x + w / 2;
    }

    public double centerY() {
        return y + h / 2;
    }
}
