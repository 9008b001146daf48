package org.facemat.image;

/**
 * Bilinear sampling of a plane at a continuous point. Coordinates are in pixel-centre units: pixel i's centre is at
 * i, so a point of the continuous image (pixel i covering [i, i + 1)) is passed as that coordinate minus 0.5. A plane
 * is {@code width x height} values from {@code offset} in its array (plane c of a planar image starts at
 * {@code c * width * height}).
 *
 * <p>Two arithmetic forms are in use, and each is kept exactly because numbers downstream are pinned to it:
 * <ul>
 *   <li>{@link #edge}, {@link #zero}: {@code a + (b - a) * t}, TensorFlow's and ONNX's form; the render's face crops
 *       and the paste back into the frame;</li>
 *   <li>{@link #mixEdge}, {@link #mixZero}, {@link #mixMirror}: {@code a * (1 - t) + b * t}; the training-data
 *       synthesis (the fixed evaluation split's digest holds its values).</li>
 * </ul>
 * They agree to a few float ulps inside the plane and differ in the last bits, so one cannot stand in for the other.
 */
public final class Bilinear {
    private Bilinear() {
    }

    /** Sample at (x, y), the edge pixels repeated beyond the plane (the point is clamped into it). */
    public static float edge(float[] p, int offset, int width, int height, double x, double y) {
        x = Math.min(Math.max(x, 0), width - 1);
        y = Math.min(Math.max(y, 0), height - 1);
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        int r0 = offset + y0 * width;
        int r1 = offset + y1 * width;
        float top = p[r0 + x0] + (p[r0 + x1] - p[r0 + x0]) * fx;
        float bottom = p[r1 + x0] + (p[r1 + x1] - p[r1 + x0]) * fx;
        return top + (bottom - top) * fy;
    }

    /**
     * {@link #edge} for every plane of a {@code channels}-plane image at once (the corners and weights are found
     * once): plane c's sample goes to {@code out[c * outPlane + at]}.
     */
    public static void edge(float[] planes, int channels, int width, int height, double x, double y, float[] out,
                            int at, int outPlane) {
        x = Math.min(Math.max(x, 0), width - 1);
        y = Math.min(Math.max(y, 0), height - 1);
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        int i00 = y0 * width + x0;
        int i01 = y0 * width + x1;
        int i10 = y1 * width + x0;
        int i11 = y1 * width + x1;
        int plane = width * height;
        for (int c = 0; c < channels; c++) {
            int o = c * plane;
            float top = planes[o + i00] + (planes[o + i01] - planes[o + i00]) * fx;
            float bottom = planes[o + i10] + (planes[o + i11] - planes[o + i10]) * fx;
            out[c * outPlane + at] = top + (bottom - top) * fy;
        }
    }

    /** Sample at (x, y) with zero beyond the plane's pixels. */
    public static float zero(float[] p, int offset, int width, int height, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        float a = at(p, offset, width, height, x0, y0);
        float b = at(p, offset, width, height, x0 + 1, y0);
        float d = at(p, offset, width, height, x0, y0 + 1);
        float e = at(p, offset, width, height, x0 + 1, y0 + 1);
        float top = a + (b - a) * fx;
        float bottom = d + (e - d) * fx;
        return top + (bottom - top) * fy;
    }

    /** {@link #zero} for every plane of a {@code channels}-plane image: plane c's to {@code out[c * outPlane + at]}. */
    public static void zero(float[] planes, int channels, int width, int height, double x, double y, float[] out,
                            int at, int outPlane) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        int plane = width * height;
        for (int c = 0; c < channels; c++) {
            int o = c * plane;
            float a = at(planes, o, width, height, x0, y0);
            float b = at(planes, o, width, height, x0 + 1, y0);
            float d = at(planes, o, width, height, x0, y0 + 1);
            float e = at(planes, o, width, height, x0 + 1, y0 + 1);
            float top = a + (b - a) * fx;
            float bottom = d + (e - d) * fx;
            out[c * outPlane + at] = top + (bottom - top) * fy;
        }
    }

    /** Sample at (x, y) in the synthesis's form, the edge pixels repeated beyond the plane (corners clamped). */
    public static float mixEdge(float[] p, int offset, int width, int height, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float ax = (float) (x - x0);
        float ay = (float) (y - y0);
        int xa = clamp(x0, width);
        int xb = clamp(x0 + 1, width);
        int ya = offset + clamp(y0, height) * width;
        int yb = offset + clamp(y0 + 1, height) * width;
        float top = p[ya + xa] * (1 - ax) + p[ya + xb] * ax;
        float bot = p[yb + xa] * (1 - ax) + p[yb + xb] * ax;
        return top * (1 - ay) + bot * ay;
    }

    /** Sample at (x, y) in the synthesis's form with zero beyond the plane (an occluder is transparent outside). */
    public static float mixZero(float[] p, int offset, int width, int height, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float ax = (float) (x - x0);
        float ay = (float) (y - y0);
        float v00 = at(p, offset, width, height, x0, y0);
        float v10 = at(p, offset, width, height, x0 + 1, y0);
        float v01 = at(p, offset, width, height, x0, y0 + 1);
        float v11 = at(p, offset, width, height, x0 + 1, y0 + 1);
        return (v00 * (1 - ax) + v10 * ax) * (1 - ay) + (v01 * (1 - ax) + v11 * ax) * ay;
    }

    /**
     * Sample at (x, y) in the synthesis's form, the plane repeated with mirroring both ways (a small piece covers any
     * area without seams).
     */
    public static float mixMirror(float[] p, int offset, int width, int height, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float ax = (float) (x - x0);
        float ay = (float) (y - y0);
        int xa = mirror(x0, width);
        int xb = mirror(x0 + 1, width);
        int ya = offset + mirror(y0, height) * width;
        int yb = offset + mirror(y0 + 1, height) * width;
        float top = p[ya + xa] * (1 - ax) + p[ya + xb] * ax;
        float bot = p[yb + xa] * (1 - ax) + p[yb + xb] * ax;
        return top * (1 - ay) + bot * ay;
    }

    private static float at(float[] p, int offset, int width, int height, int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? 0f : p[offset + y * width + x];
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }

    private static int mirror(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
