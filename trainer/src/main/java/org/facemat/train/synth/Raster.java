package org.facemat.train.synth;

/** Sampling helpers on planar float images (row-major planes, one after the other). */
final class Raster {
    private Raster() {
    }

    /** Bilinear sample of plane {@code c} at continuous (x, y) (pixel centres at i + 0.5), edge-clamped. */
    static float bilinearClamp(float[] src, int c, int w, int h, double x, double y) {
        double fx = x - 0.5;
        double fy = y - 0.5;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        float ax = (float) (fx - x0);
        float ay = (float) (fy - y0);
        int xa = clamp(x0, w);
        int xb = clamp(x0 + 1, w);
        int ya = clamp(y0, h);
        int yb = clamp(y0 + 1, h);
        int o = c * w * h;
        float top = src[o + ya * w + xa] * (1 - ax) + src[o + ya * w + xb] * ax;
        float bot = src[o + yb * w + xa] * (1 - ax) + src[o + yb * w + xb] * ax;
        return top * (1 - ay) + bot * ay;
    }

    /** Bilinear sample with zero outside the image (for occluders: transparent outside). */
    static float bilinearZero(float[] src, int c, int w, int h, double x, double y) {
        double fx = x - 0.5;
        double fy = y - 0.5;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        float ax = (float) (fx - x0);
        float ay = (float) (fy - y0);
        int o = c * w * h;
        float v00 = at(src, o, w, h, x0, y0);
        float v10 = at(src, o, w, h, x0 + 1, y0);
        float v01 = at(src, o, w, h, x0, y0 + 1);
        float v11 = at(src, o, w, h, x0 + 1, y0 + 1);
        return (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
    }

    private static float at(float[] src, int o, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : src[o + y * w + x];
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }

    /**
     * The square crop of side {@code side} centred at (cx, cy) of a {@code channels x h x w} image, resampled to
     * {@code size x size}: each output pixel averages k x k bilinear samples spread over its footprint, with
     * k = ceil(side / size) (an area filter when shrinking, plain bilinear when enlarging). Edge-clamped.
     */
    static float[] crop(float[] src, int channels, int w, int h, double cx, double cy, double side, int size) {
        float[] out = new float[channels * size * size];
        double step = side / size;
        int k = Math.max(1, (int) Math.ceil(step));
        double x0 = cx - side / 2;
        double y0 = cy - side / 2;
        float norm = 1f / (k * k);
        for (int c = 0; c < channels; c++) {
            int o = c * size * size;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    float acc = 0;
                    for (int a = 0; a < k; a++) {
                        double y = y0 + (i + (a + 0.5) / k) * step;
                        for (int b = 0; b < k; b++) {
                            double x = x0 + (j + (b + 0.5) / k) * step;
                            acc += bilinearClamp(src, c, w, h, x, y);
                        }
                    }
                    out[o + i * size + j] = acc * norm;
                }
            }
        }
        return out;
    }

    /** Area (box-footprint) resize of {@code channels} planes to {@code dw x dh}; exact for integer factors. */
    static float[] areaResize(float[] src, int channels, int w, int h, int dw, int dh) {
        float[] out = new float[channels * dw * dh];
        double sx = (double) w / dw;
        double sy = (double) h / dh;
        for (int c = 0; c < channels; c++) {
            int so = c * w * h;
            int doff = c * dw * dh;
            for (int i = 0; i < dh; i++) {
                double ya = i * sy;
                double yb = ya + sy;
                for (int j = 0; j < dw; j++) {
                    double xa = j * sx;
                    double xb = xa + sx;
                    double acc = 0;
                    double wsum = 0;
                    for (int y = (int) ya; y < Math.min(h, (int) Math.ceil(yb)); y++) {
                        double wy = Math.min(yb, y + 1) - Math.max(ya, y);
                        for (int x = (int) xa; x < Math.min(w, (int) Math.ceil(xb)); x++) {
                            double wx = Math.min(xb, x + 1) - Math.max(xa, x);
                            acc += wy * wx * src[so + y * w + x];
                            wsum += wy * wx;
                        }
                    }
                    out[doff + i * dw + j] = (float) (wsum > 0 ? acc / wsum : 0);
                }
            }
        }
        return out;
    }

    /** 3x3 binomial blur ([1,2,1] separable) of every plane, edge-clamped. */
    static float[] blur3(float[] src, int channels, int w, int h) {
        float[] tmp = new float[src.length];
        float[] out = new float[src.length];
        for (int c = 0; c < channels; c++) {
            int o = c * w * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int xl = Math.max(0, x - 1);
                    int xr = Math.min(w - 1, x + 1);
                    tmp[o + y * w + x] = 0.25f * src[o + y * w + xl] + 0.5f * src[o + y * w + x]
                            + 0.25f * src[o + y * w + xr];
                }
            }
            for (int y = 0; y < h; y++) {
                int yu = Math.max(0, y - 1);
                int yd = Math.min(h - 1, y + 1);
                for (int x = 0; x < w; x++) {
                    out[o + y * w + x] = 0.25f * tmp[o + yu * w + x] + 0.5f * tmp[o + y * w + x]
                            + 0.25f * tmp[o + yd * w + x];
                }
            }
        }
        return out;
    }

    /** Mirrors every plane left-right in place. */
    static void hflip(float[] a, int channels, int w, int h) {
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int row = c * w * h + y * w;
                for (int x = 0; x < w / 2; x++) {
                    float t = a[row + x];
                    a[row + x] = a[row + w - 1 - x];
                    a[row + w - 1 - x] = t;
                }
            }
        }
    }
}
