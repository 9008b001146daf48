package org.facemat.image;

/**
 * Planar multi-channel float images: {@code channels} row-major {@link Plane}s of {@code width x height} one after
 * another in one array (plane c starts at {@code c * width * height}), as frames, crops and training samples hold
 * them. Operations that more than one place needs live here once.
 */
public final class Planar {
    private Planar() {
    }

    /** {@code width * height}, refusing negative sizes and areas that do not fit an array. */
    public static int area(int width, int height) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("bad size " + width + "x" + height);
        }
        long area = (long) width * height;
        if (area > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too large: " + width + "x" + height);
        }
        return (int) area;
    }

    /** Throws unless {@code values} holds exactly {@code channels} planes of {@code width x height}. */
    public static void check(int channels, int width, int height, float[] values) {
        long want = (long) channels * area(width, height);
        if (values.length != want) {
            throw new IllegalArgumentException(values.length + " values for " + channels + " x " + width + "x"
                    + height);
        }
    }

    /**
     * The {@code cw x ch} window at (x0, y0) of every plane, mirrored left-right with {@code mirror}; it must lie
     * inside the image.
     */
    public static float[] window(float[] src, int channels, int width, int height, int x0, int y0, int cw, int ch,
                                 boolean mirror) {
        if (x0 < 0 || y0 < 0 || cw < 0 || ch < 0 || x0 + cw > width || y0 + ch > height) {
            throw new IllegalArgumentException("window " + cw + "x" + ch + " at " + x0 + "," + y0 + " outside "
                    + width + "x" + height);
        }
        float[] out = new float[channels * cw * ch];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < ch; y++) {
                int from = c * width * height + (y0 + y) * width + x0;
                int to = c * cw * ch + y * cw;
                if (mirror) {
                    for (int x = 0; x < cw; x++) {
                        out[to + x] = src[from + cw - 1 - x];
                    }
                } else {
                    System.arraycopy(src, from, out, to, cw);
                }
            }
        }
        return out;
    }

    /** Mirrors every plane left-right in place. */
    public static void hflip(float[] a, int channels, int width, int height) {
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int row = c * width * height + y * width;
                for (int x = 0; x < width / 2; x++) {
                    float t = a[row + x];
                    a[row + x] = a[row + width - 1 - x];
                    a[row + width - 1 - x] = t;
                }
            }
        }
    }

    /**
     * The square crop of side {@code side} centred at (cx, cy) (continuous coordinates) resampled to
     * {@code size x size}: each output pixel averages k x k {@link Bilinear#mixEdge} samples spread over its
     * footprint, k = ceil(side / size), so it is an area filter when shrinking and plain bilinear when enlarging
     * (where {@link HalfPixelBilinear} would alias). Edge pixels repeated beyond the image.
     */
    public static float[] squareCrop(float[] src, int channels, int width, int height, double cx, double cy,
                                     double side, int size) {
        float[] out = new float[channels * size * size];
        double step = side / size;
        int k = Math.max(1, (int) Math.ceil(step));
        double x0 = cx - side / 2;
        double y0 = cy - side / 2;
        float norm = 1f / (k * k);
        for (int c = 0; c < channels; c++) {
            int o = c * size * size;
            int from = c * width * height;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    float acc = 0;
                    for (int a = 0; a < k; a++) {
                        double y = y0 + (i + (a + 0.5) / k) * step;
                        for (int b = 0; b < k; b++) {
                            double x = x0 + (j + (b + 0.5) / k) * step;
                            acc += Bilinear.mixEdge(src, from, width, height, x - 0.5, y - 0.5);
                        }
                    }
                    out[o + i * size + j] = acc * norm;
                }
            }
        }
        return out;
    }

    /**
     * Area (box-footprint) resize of every plane to {@code dw x dh}: each output pixel is the mean of the source over
     * its footprint, partial pixels weighted by their covered part; exact for whole factors.
     */
    public static float[] areaResize(float[] src, int channels, int width, int height, int dw, int dh) {
        float[] out = new float[channels * dw * dh];
        double sx = (double) width / dw;
        double sy = (double) height / dh;
        for (int c = 0; c < channels; c++) {
            int so = c * width * height;
            int doff = c * dw * dh;
            for (int i = 0; i < dh; i++) {
                double ya = i * sy;
                double yb = ya + sy;
                for (int j = 0; j < dw; j++) {
                    double xa = j * sx;
                    double xb = xa + sx;
                    double acc = 0;
                    double wsum = 0;
                    for (int y = (int) ya; y < Math.min(height, (int) Math.ceil(yb)); y++) {
                        double wy = Math.min(yb, y + 1) - Math.max(ya, y);
                        for (int x = (int) xa; x < Math.min(width, (int) Math.ceil(xb)); x++) {
                            double wx = Math.min(xb, x + 1) - Math.max(xa, x);
                            acc += wy * wx * src[so + y * width + x];
                            wsum += wy * wx;
                        }
                    }
                    out[doff + i * dw + j] = (float) (wsum > 0 ? acc / wsum : 0);
                }
            }
        }
        return out;
    }

    /** 3x3 binomial blur ([1, 2, 1] / 4 each way) of every plane, edge pixels repeated. */
    public static float[] blur3(float[] src, int channels, int width, int height) {
        float[] tmp = new float[src.length];
        float[] out = new float[src.length];
        for (int c = 0; c < channels; c++) {
            int o = c * width * height;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int xl = Math.max(0, x - 1);
                    int xr = Math.min(width - 1, x + 1);
                    tmp[o + y * width + x] = 0.25f * src[o + y * width + xl] + 0.5f * src[o + y * width + x]
                            + 0.25f * src[o + y * width + xr];
                }
            }
            for (int y = 0; y < height; y++) {
                int yu = Math.max(0, y - 1);
                int yd = Math.min(height - 1, y + 1);
                for (int x = 0; x < width; x++) {
                    out[o + y * width + x] = 0.25f * tmp[o + yu * width + x] + 0.5f * tmp[o + y * width + x]
                            + 0.25f * tmp[o + yd * width + x];
                }
            }
        }
        return out;
    }

    /**
     * Separable Gaussian blur of every plane of a square image in place, edge pixels repeated, kernel radius
     * max(1, ceil(3 sigma)) normalised in float: the synthesis's blur, whose numbers the training samples keep
     * ({@link Plane#gaussian} normalises in double and is the mask readers').
     */
    public static void gaussianSquare(float[] im, int channels, int size, double sigma) {
        int rad = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * rad + 1];
        float sum = 0;
        for (int j = -rad; j <= rad; j++) {
            k[j + rad] = (float) Math.exp(-j * j / (2 * sigma * sigma));
            sum += k[j + rad];
        }
        for (int j = 0; j < k.length; j++) {
            k[j] /= sum;
        }
        int area = size * size;
        float[] tmp = new float[area];
        for (int c = 0; c < channels; c++) {
            // each pass blurs the rows and writes them transposed, so two passes blur both ways and turn back
            rowsTransposed(im, c * area, tmp, 0, size, k);
            rowsTransposed(tmp, 0, im, c * area, size, k);
        }
    }

    private static void rowsTransposed(float[] src, int so, float[] dst, int dof, int size, float[] k) {
        int rad = k.length / 2;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float acc = 0;
                for (int j = -rad; j <= rad; j++) {
                    acc += k[j + rad] * src[so + y * size + Math.max(0, Math.min(size - 1, x + j))];
                }
                dst[dof + x * size + y] = acc;
            }
        }
    }
}
