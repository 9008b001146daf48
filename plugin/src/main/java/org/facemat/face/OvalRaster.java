package org.facemat.face;

/**
 * Draws a closed polygon (the face-oval ring) as an anti-aliased matte: alpha = clip(0.5 + d / feather, 0, 1), where
 * d is the signed distance from the pixel centre to the polygon, positive inside. With feather 3 this is the shared
 * skin labels' ramp from -1.5 px to +1.5 px around the edge.
 */
public final class OvalRaster {
    /** The skin labels' ramp width in pixels. */
    public static final float LABEL_FEATHER = 3f;

    private OvalRaster() {
    }

    /**
     * @param ring x, y pairs in frame pixels (continuous convention), in ring order
     * @return height x width alpha, row-major
     */
    public static float[] alpha(float[] ring, int height, int width, float feather) {
        float[] a = new float[height * width];
        int n = ring.length / 2;
        float minX = Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, ring[2 * i]);
            maxX = Math.max(maxX, ring[2 * i]);
            minY = Math.min(minY, ring[2 * i + 1]);
            maxY = Math.max(maxY, ring[2 * i + 1]);
        }
        // beyond half a feather outside the box alpha is 0: only the box and its margin are visited
        int x0 = Math.max(0, (int) Math.floor(minX - feather));
        int x1 = Math.min(width - 1, (int) Math.ceil(maxX + feather));
        int y0 = Math.max(0, (int) Math.floor(minY - feather));
        int y1 = Math.min(height - 1, (int) Math.ceil(maxY + feather));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                float d = signedDistance(ring, n, x + 0.5f, y + 0.5f);
                a[y * width + x] = Math.max(0f, Math.min(1f, 0.5f + d / feather));
            }
        }
        return a;
    }

    /** Distance to the nearest edge, positive inside (even-odd rule). */
    static float signedDistance(float[] ring, int n, float px, float py) {
        double best = Double.MAX_VALUE;
        boolean inside = false;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double ax = ring[2 * j];
            double ay = ring[2 * j + 1];
            double bx = ring[2 * i];
            double by = ring[2 * i + 1];
            if ((ay > py) != (by > py) && px < ax + (py - ay) * (bx - ax) / (by - ay)) {
                inside = !inside;
            }
            double ex = bx - ax;
            double ey = by - ay;
            double len = ex * ex + ey * ey;
            double t = len == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * ex + (py - ay) * ey) / len));
            double dx = px - (ax + t * ex);
            double dy = py - (ay + t * ey);
            best = Math.min(best, dx * dx + dy * dy);
        }
        float d = (float) Math.sqrt(best);
        return inside ? d : -d;
    }
}
