package org.facemat.face;

import org.facemat.image.HalfPixelBilinear;

/**
 * The detector's input: the frame padded with black at the bottom and right to a square (so the frame's top-left
 * corner and its scale are all that map input back to frame), then brought to the model's size. A large frame is
 * first averaged down by a whole factor (box filter) so that the final bilinear step samples no more than 2:1 and
 * does not alias.
 */
final class Letterbox {
    private Letterbox() {
    }

    /** Frame pixels per input pixel for a frame of this size (the padded square's side over the input's). */
    static float scale(int height, int width, int size) {
        int k = factor(Math.max(height, width), size);
        return (float) (cells(Math.max(height, width), k) * k) / size;
    }

    /** The box filter's factor: leaves at most 2:1 for the bilinear step. */
    private static int factor(int side, int size) {
        return Math.max(1, side / (2 * size));
    }

    private static int cells(int side, int k) {
        return (side + k - 1) / k;
    }

    /** Planar RGB [0,1] of {@code height x width} to planar RGB of {@code size x size}, still in [0,1]. */
    static float[] of(float[] rgb, int height, int width, int size) {
        int side = Math.max(height, width);
        int k = factor(side, size);
        int sideK = cells(side, k);
        float[] square = new float[3 * sideK * sideK];
        float inv = 1f / (k * k);
        for (int c = 0; c < 3; c++) {
            int src = c * height * width;
            int dst = c * sideK * sideK;
            for (int y = 0; y < height; y++) {
                int row = dst + (y / k) * sideK;
                int from = src + y * width;
                for (int x = 0; x < width; x++) {
                    // pixels beyond the frame stay 0: the black padding, averaged in at the frame's edge cells
                    square[row + x / k] += rgb[from + x] * inv;
                }
            }
        }
        return sideK == size ? square : HalfPixelBilinear.resize(square, 3, sideK, sideK, size, size);
    }
}
