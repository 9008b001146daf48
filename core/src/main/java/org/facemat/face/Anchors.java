package org.facemat.face;

/**
 * BlazeFace's 896 anchor centres in input pixels: a 16x16 grid with 2 anchors per cell, then an 8x8 grid with 6,
 * each cell's centre at ((i + 0.5) / grid) of the input side; cells row by row, the anchors of a cell together.
 */
final class Anchors {
    static final float[] CENTRES = centres();

    private Anchors() {
    }

    private static float[] centres() {
        float[] c = new float[2 * FaceModels.ANCHORS];
        int k = 0;
        k = grid(c, k, 16, 2);
        k = grid(c, k, 8, 6);
        if (k != c.length) {
            throw new IllegalStateException("anchor count");
        }
        return c;
    }

    private static int grid(float[] c, int k, int cells, int perCell) {
        float step = (float) FaceModels.DETECTOR_INPUT_SIZE / cells;
        for (int y = 0; y < cells; y++) {
            for (int x = 0; x < cells; x++) {
                for (int a = 0; a < perCell; a++) {
                    c[k++] = (x + 0.5f) * step;
                    c[k++] = (y + 0.5f) * step;
                }
            }
        }
        return k;
    }
}
