package org.facemat.media.exr;

/** The OpenEXR {@code box2i} attribute type: an inclusive integer pixel rectangle. */
public record Box2i(int xMin, int yMin, int xMax, int yMax) {

    /** Pixels across, {@code xMax - xMin + 1}. */
    public long width() {
        return (long) xMax - xMin + 1;
    }

    /** Pixels down, {@code yMax - yMin + 1}. */
    public long height() {
        return (long) yMax - yMin + 1;
    }

    @Override
    public String toString() {
        return "(" + xMin + " " + yMin + ") - (" + xMax + " " + yMax + ")";
    }
}
