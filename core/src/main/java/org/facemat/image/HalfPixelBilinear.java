package org.facemat.image;

/**
 * Bilinear resize of planar float images with half-pixel centres and no antialiasing, as TensorFlow's
 * {@code ResizeBilinear(half_pixel_centers=True)} and ONNX {@code Resize(linear, half_pixel)} compute it.
 * This is the one downsampling of the product: the node makes the network's working image with it and the
 * trainer feeds the network the same working image. RVM was trained with this (aliasing) resize; an area or
 * antialiased filter would change its input statistics. {@link #resizeDouble} is the same rule in the dataset
 * readers' arithmetic.
 */
public final class HalfPixelBilinear {
    private HalfPixelBilinear() {
    }

    /**
     * Resizes {@code channels} planes of {@code srcH x srcW} (plane after plane) to {@code dstH x dstW}.
     */
    public static float[] resize(float[] src, int channels, int srcH, int srcW, int dstH, int dstW) {
        float[] dst = new float[channels * dstH * dstW];
        resize(src, channels, srcH, srcW, dst, dstH, dstW);
        return dst;
    }

    public static void resize(float[] src, int channels, int srcH, int srcW, float[] dst, int dstH, int dstW) {
        if (src.length < (long) channels * srcH * srcW || dst.length < (long) channels * dstH * dstW) {
            throw new IllegalArgumentException("buffer too small for " + channels + "x" + srcH + "x" + srcW + " -> "
                    + dstH + "x" + dstW);
        }
        int[] x0 = new int[dstW];
        int[] x1 = new int[dstW];
        float[] fx = new float[dstW];
        axis(srcW, dstW, x0, x1, fx);
        int[] y0 = new int[dstH];
        int[] y1 = new int[dstH];
        float[] fy = new float[dstH];
        axis(srcH, dstH, y0, y1, fy);
        for (int c = 0; c < channels; c++) {
            int sp = c * srcH * srcW;
            int dp = c * dstH * dstW;
            for (int y = 0; y < dstH; y++) {
                int r0 = sp + y0[y] * srcW;
                int r1 = sp + y1[y] * srcW;
                float wy = fy[y];
                int o = dp + y * dstW;
                for (int x = 0; x < dstW; x++) {
                    float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                    float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                    dst[o + x] = top + (bottom - top) * wy;
                }
            }
        }
    }

    /**
     * The same half-pixel rule in the dataset readers' arithmetic: source positions in double, weights as
     * {@code a * (1 - t) + b * t}. It gives up to about 5e-5 different values from {@link #resize} (whose float scale
     * rounds), so the mask readers keep it and the network's input keeps {@link #resize}.
     */
    public static float[] resizeDouble(float[] src, int channels, int srcH, int srcW, int dstH, int dstW) {
        if (src.length < (long) channels * srcH * srcW) {
            throw new IllegalArgumentException("buffer too small for " + channels + "x" + srcH + "x" + srcW);
        }
        float[] dst = new float[channels * dstH * dstW];
        double sx = (double) srcW / dstW;
        double sy = (double) srcH / dstH;
        for (int c = 0; c < channels; c++) {
            int sp = c * srcH * srcW;
            int dp = c * dstH * dstW;
            for (int y = 0; y < dstH; y++) {
                double fy = Math.max(0, Math.min(srcH - 1, (y + 0.5) * sy - 0.5));
                int y0 = (int) fy;
                int y1 = Math.min(srcH - 1, y0 + 1);
                float ty = (float) (fy - y0);
                int r0 = sp + y0 * srcW;
                int r1 = sp + y1 * srcW;
                for (int x = 0; x < dstW; x++) {
                    double fx = Math.max(0, Math.min(srcW - 1, (x + 0.5) * sx - 0.5));
                    int x0 = (int) fx;
                    int x1 = Math.min(srcW - 1, x0 + 1);
                    float tx = (float) (fx - x0);
                    float top = src[r0 + x0] * (1 - tx) + src[r0 + x1] * tx;
                    float bot = src[r1 + x0] * (1 - tx) + src[r1 + x1] * tx;
                    dst[dp + y * dstW + x] = top * (1 - ty) + bot * ty;
                }
            }
        }
        return dst;
    }

    private static void axis(int in, int out, int[] i0, int[] i1, float[] frac) {
        float scale = (float) in / (float) out;
        for (int o = 0; o < out; o++) {
            float s = (o + 0.5f) * scale - 0.5f;
            float fl = (float) Math.floor(s);
            i0[o] = Math.max((int) fl, 0);
            i1[o] = Math.min((int) Math.ceil(s), in - 1);
            frac[o] = s - fl;
        }
    }
}
