package org.facemat.train.data;

/** An axis-aligned face box in pixels of its image (x, y = top-left corner). */
public record FaceBox(double x, double y, double w, double h) {
    public double centerX() {
        return x + w / 2;
    }

    public double centerY() {
        return y + h / 2;
    }
}
