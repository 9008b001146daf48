package org.facemat.image;

/**
 * One row-major float channel (a mask, a matte, a prior) with its size: the value of column x, row y is
 * {@code values[y * width + x]}. A multi-channel image is such planes one after another ({@link Planar}).
 *
 * <p>The array is held, not copied: a plane is a view with its size checked, so wrapping a buffer costs nothing.
 */
public record Plane(int width, int height, float[] values) {
    public Plane {
        Planar.check(1, width, height, values);
    }

    /** A plane of zeros. */
    public static Plane zeros(int width, int height) {
        return new Plane(width, height, new float[Planar.area(width, height)]);
    }

    /** "WxH", for messages. */
    public String size() {
        return width + "x" + height;
    }

    /** The value at column {@code x}, row {@code y}. */
    public float at(int x, int y) {
        return values[y * width + x];
    }

    /** A copy that owns its values. */
    public Plane copy() {
        return new Plane(width, height, values.clone());
    }

    /**
     * This plane at {@code dw x dh} by {@link HalfPixelBilinear#resizeDouble} (the dataset readers' rule, used to bring
     * masks drawn at a lower resolution up to their image); a copy when the size is the same.
     */
    public Plane resize(int dw, int dh) {
        if (dw == width && dh == height) {
            return copy();
        }
        return new Plane(dw, dh, HalfPixelBilinear.resizeDouble(values, 1, height, width, dh, dw));
    }

    /**
     * Separable Gaussian blur, kernel radius ceil(3 sigma) normalised in double, edge samples repeated; sigma 0 returns
     * a copy. ({@link Planar#gaussianSquare} is the synthesis's in-place variant, whose kernel sums in float.)
     */
    public Plane gaussian(double sigma) {
        if (sigma <= 0) {
            return copy();
        }
        int rad = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * rad + 1];
        double sum = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        float[] tmp = new float[values.length];
        float[] out = new float[values.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -rad; i <= rad; i++) {
                    int xx = Math.max(0, Math.min(width - 1, x + i));
                    acc += k[i + rad] * values[y * width + xx];
                }
                tmp[y * width + x] = acc;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -rad; i <= rad; i++) {
                    int yy = Math.max(0, Math.min(height - 1, y + i));
                    acc += k[i + rad] * tmp[yy * width + x];
                }
                out[y * width + x] = acc;
            }
        }
        return new Plane(width, height, out);
    }

    /**
     * The box of the pixels above {@code threshold}: {x0, y0, x1, y1}, corners included, or null when there are none.
     */
    public int[] boundsAbove(float threshold) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (values[row + x] > threshold) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1, y1};
    }
}
