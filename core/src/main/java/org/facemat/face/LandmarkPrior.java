package org.facemat.face;

import java.util.Arrays;

/**
 * Draws the landmark prior of the model contract ({@code prior}, docs/model-contract.md): a soft map of where the face
 * is, 1 inside the face-mesh oval, 0 outside, with a linear ramp across the outline. The mesh places a plausible jaw
 * and chin even under an occluder, so the prior says where the face is and the network decides what covers it.
 *
 * <p>Each pixel's value is {@code clip(0.5 + d / feather, 0, 1)}, with {@code d} the signed distance from the pixel
 * centre ({@code (i + 0.5, j + 0.5)}, the continuous convention of {@link Landmarks}) to the polygon, positive inside:
 * 0.5 on the outline, 1 from half a feather inside it on. Only the polygon's bounding box (grown by half a feather) is
 * visited, and the distance is measured only to the edges near a row, so a face in a 4K frame costs about its own
 * area.
 */
public final class LandmarkPrior {
    /**
     * Feather as a fraction of the face size (the longer side of the oval's box). The mesh's outline is off by a few
     * percent of the face on the jaw and the hairline; a ramp of that width says so, at every resolution alike.
     */
    public static final float FEATHER_FRACTION = 0.05f;
    /** The narrowest ramp, in pixels: a tiny face still gets a soft edge. */
    public static final float MIN_FEATHER = 1f;
    /** The shared skin labels' ramp width in pixels: their oval is this raster with this feather. */
    public static final float LABEL_FEATHER = 3f;

    /** A plane of height x width holding one polygon drawn with {@code feather} (see {@link #add}). */
    public static float[] polygon(float[] polygon, int height, int width, float feather) {
        float[] plane = new float[height * width];
        add(plane, height, width, polygon, feather);
        return plane;
    }

    private LandmarkPrior() {
    }

    /** The prior of one face, {@code height x width} row-major, with the feather of {@link #featherFor}. */
    public static float[] draw(Landmarks face, int height, int width) {
        float[] plane = new float[height * width];
        float[] oval = face.oval();
        add(plane, height, width, oval, featherFor(oval));
        return plane;
    }

    /** {@link #FEATHER_FRACTION} of the longer side of the polygon's box, at least {@link #MIN_FEATHER}. */
    public static float featherFor(float[] polygon) {
        float[] box = box(polygon);
        return Math.max(MIN_FEATHER, FEATHER_FRACTION * Math.max(box[2] - box[0], box[3] - box[1]));
    }

    /**
     * Draws a polygon into {@code plane}, keeping the larger value where faces overlap.
     *
     * @param polygon x, y pairs in frame pixels (continuous convention), in ring order, at least 3 points; points
     *                may lie outside the frame
     * @param feather width of the ramp across the outline, pixels (> 0)
     */
    public static void add(float[] plane, int height, int width, float[] polygon, float feather) {
        if (plane.length != height * width) {
            throw new IllegalArgumentException("plane has " + plane.length + " values, not " + height + "x" + width);
        }
        if (polygon.length < 6 || polygon.length % 2 != 0) {
            throw new IllegalArgumentException("a polygon needs at least 3 x, y points, got " + polygon.length
                    + " values");
        }
        if (!(feather > 0f) || !Float.isFinite(feather)) {
            throw new IllegalArgumentException("feather must be positive, got " + feather);
        }
        for (float v : polygon) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("polygon has a non-finite coordinate");
            }
        }
        float half = 0.5f * feather;
        float[] box = box(polygon);
        // pixels whose centre lies within half a feather of the box
        int x0 = clamp((int) Math.floor(box[0] - half - 0.5f), width);
        int x1 = clamp((int) Math.ceil(box[2] + half - 0.5f) + 1, width);
        int y0 = clamp((int) Math.floor(box[1] - half - 0.5f), height);
        int y1 = clamp((int) Math.ceil(box[3] + half - 0.5f) + 1, height);
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        int n = polygon.length / 2;
        float[] crossings = new float[n];
        float[] nearest = new float[x1 - x0];
        boolean[] nearEdge = new boolean[x1 - x0];
        for (int y = y0; y < y1; y++) {
            float cy = y + 0.5f;
            int row = y * width;
            // inside spans of this row (even-odd rule at the pixel centres)
            int count = crossings(polygon, cy, crossings);
            Arrays.sort(crossings, 0, count);
            Arrays.fill(nearest, Float.MAX_VALUE);
            Arrays.fill(nearEdge, false);
            // exact distances only next to the edges that come within half a feather of this row
            for (int k = 0; k < n; k++) {
                float ax = polygon[2 * k];
                float ay = polygon[2 * k + 1];
                float bx = polygon[2 * ((k + 1) % n)];
                float by = polygon[2 * ((k + 1) % n) + 1];
                if (cy < Math.min(ay, by) - half || cy > Math.max(ay, by) + half) {
                    continue;
                }
                int from = Math.max(x0, (int) Math.floor(Math.min(ax, bx) - half - 0.5f));
                int to = Math.min(x1 - 1, (int) Math.ceil(Math.max(ax, bx) + half - 0.5f));
                for (int x = from; x <= to; x++) {
                    float d = segmentDistance(x + 0.5f, cy, ax, ay, bx, by);
                    if (d < nearest[x - x0]) {
                        nearest[x - x0] = d;
                        nearEdge[x - x0] = true;
                    }
                }
            }
            int span = 0;
            for (int x = x0; x < x1; x++) {
                float cx = x + 0.5f;
                while (span < count && crossings[span] <= cx) {
                    span++;
                }
                boolean inside = (span & 1) == 1;
                float v;
                if (nearEdge[x - x0]) {
                    float d = inside ? nearest[x - x0] : -nearest[x - x0];
                    v = Math.min(1f, Math.max(0f, 0.5f + d / feather));
                } else {
                    v = inside ? 1f : 0f; // farther than half a feather from every edge
                }
                if (v > plane[row + x]) {
                    plane[row + x] = v;
                }
            }
        }
    }

    /** x where the polygon's edges cross the line at height {@code y} (half-open in y, so vertices count once). */
    private static int crossings(float[] p, float y, float[] out) {
        int n = p.length / 2;
        int count = 0;
        for (int k = 0; k < n; k++) {
            float ax = p[2 * k];
            float ay = p[2 * k + 1];
            float bx = p[2 * ((k + 1) % n)];
            float by = p[2 * ((k + 1) % n) + 1];
            if ((ay <= y) != (by <= y)) {
                out[count++] = ax + (y - ay) / (by - ay) * (bx - ax);
            }
        }
        return count;
    }

    private static float segmentDistance(float px, float py, float ax, float ay, float bx, float by) {
        float dx = bx - ax;
        float dy = by - ay;
        float len2 = dx * dx + dy * dy;
        float t = len2 > 0f ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0f;
        t = Math.max(0f, Math.min(1f, t));
        float ex = px - (ax + t * dx);
        float ey = py - (ay + t * dy);
        return (float) Math.sqrt(ex * ex + ey * ey);
    }

    /** x0, y0, x1, y1 of the points. */
    private static float[] box(float[] p) {
        float[] b = {Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < p.length; i += 2) {
            b[0] = Math.min(b[0], p[i]);
            b[1] = Math.min(b[1], p[i + 1]);
            b[2] = Math.max(b[2], p[i]);
            b[3] = Math.max(b[3], p[i + 1]);
        }
        return b;
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}
