package org.facemat.metrics;

/**
 * The evaluation region: the trimap unknown band made from a ground-truth alpha.
 *
 * <p>A pixel is <em>unknown</em> where {@code 0.05 <= gt <= 0.95}; the unknown set is then dilated twice with a
 * 15 x 15 elliptical structuring element. The element is the one OpenCV's
 * {@code getStructuringElement(MORPH_ELLIPSE, (15, 15))} builds: radius {@code r = 7}, and row {@code dy}
 * ({@code -7..7}) covers the columns {@code -dx..dx} with {@code dx = round(7 * sqrt(1 - dy^2 / 49))}, i.e. half
 * widths {@code 0,4,5,6,6,7,7,7,7,7,6,6,5,4,0}. Pixels outside the image take no part in the dilation (OpenCV's
 * default border for dilation). Two iterations grow the band by 14 pixels along the axes on each side, which
 * covers the soft hair and motion-blur edge of a face matte and a margin of solid foreground and background, as the
 * matting benchmarks' generated trimaps do.
 */
public final class Trimap {
    /** Lower bound (inclusive) of the unknown alpha range. */
    public static final float LOW = 0.05f;
    /** Upper bound (inclusive) of the unknown alpha range. */
    public static final float HIGH = 0.95f;
    /** Size of the elliptical structuring element. */
    public static final int KERNEL = 15;
    /** Number of dilation iterations. */
    public static final int ITERATIONS = 2;

    private Trimap() {
    }

    /** Half widths of the 15 x 15 ellipse rows, {@code dy = -7..7}. */
    static int[] ellipseHalfWidths(int size) {
        int r = size / 2;
        int[] half = new int[size];
        double invR2 = r == 0 ? 0 : 1.0 / ((double) r * r);
        for (int i = 0; i < size; i++) {
            int dy = i - r;
            half[i] = (int) Math.round(r * Math.sqrt((r * r - dy * dy) * invR2));
        }
        return half;
    }

    /** The unknown band of {@code gt} ({@code h x w}, row-major): {@code true} inside the band. */
    public static boolean[] unknownBand(float[] gt, int h, int w) {
        check(gt, h, w);
        boolean[] m = new boolean[h * w];
        for (int i = 0; i < m.length; i++) {
            float g = gt[i];
            m[i] = g >= LOW && g <= HIGH;
        }
        int[] half = ellipseHalfWidths(KERNEL);
        for (int it = 0; it < ITERATIONS; it++) {
            m = dilate(m, h, w, half);
        }
        return m;
    }

    /**
     * Binary dilation with a symmetric, row-wise convex element given by its half widths (row {@code i} is offset
     * {@code i - half.length/2}). Uses a prefix count per row so every row offset is an O(1) range query.
     */
    static boolean[] dilate(boolean[] in, int h, int w, int[] half) {
        int r = half.length / 2;
        int[][] prefix = new int[h][];
        for (int y = 0; y < h; y++) {
            int[] p = new int[w + 1];
            int base = y * w;
            int s = 0;
            for (int x = 0; x < w; x++) {
                if (in[base + x]) {
                    s++;
                }
                p[x + 1] = s;
            }
            prefix[y] = p;
        }
        boolean[] out = new boolean[h * w];
        for (int y = 0; y < h; y++) {
            int base = y * w;
            for (int k = 0; k < half.length; k++) {
                int yy = y + k - r;
                if (yy < 0 || yy >= h) {
                    continue;
                }
                int[] p = prefix[yy];
                if (p[w] == 0) {
                    continue;
                }
                int d = half[k];
                for (int x = 0; x < w; x++) {
                    if (out[base + x]) {
                        continue;
                    }
                    int lo = Math.max(0, x - d);
                    int hi = Math.min(w, x + d + 1);
                    if (p[hi] - p[lo] > 0) {
                        out[base + x] = true;
                    }
                }
            }
        }
        return out;
    }

    /** Number of {@code true} entries. */
    public static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    static void check(float[] plane, int h, int w) {
        if (h <= 0 || w <= 0 || plane == null || plane.length != h * w) {
            throw new IllegalArgumentException("plane must be " + h + "x" + w);
        }
    }
}
