package org.facemat.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LandmarkPriorTest {

    static float[] circle(double cx, double cy, double r, int points) {
        float[] p = new float[2 * points];
        for (int k = 0; k < points; k++) {
            double a = 2 * Math.PI * k / points;
            p[2 * k] = (float) (cx + r * Math.cos(a));
            p[2 * k + 1] = (float) (cy + r * Math.sin(a));
        }
        return p;
    }

    static double sum(float[] plane) {
        double s = 0;
        for (float v : plane) {
            s += v;
        }
        return s;
    }

    @Test
    void aCircleCoversPiRSquared() {
        int h = 300;
        int w = 400;
        double r = 100;
        float[] plane = new float[h * w];
        // a 360-gon: its area is within 0.01 % of the circle's
        LandmarkPrior.add(plane, h, w, circle(200.3, 150.7, r, 360), 6f);
        double area = Math.PI * r * r;
        // the linear ramp is symmetric about the outline: what it loses inside it gains outside, up to curvature
        assertEquals(area, sum(plane), area * 0.002, "summed prior vs pi r^2");
    }

    @Test
    void theEdgeRampIsTheSignedDistanceOverTheFeather() {
        int h = 100;
        int w = 100;
        float feather = 8f;
        float[] plane = new float[h * w];
        // a square from x = 20 to 80, y = 20 to 80: distances along the middle row are exact
        LandmarkPrior.add(plane, h, w, new float[] {20, 20, 80, 20, 80, 80, 20, 80}, feather);
        int row = 50 * w;
        for (int x = 10; x < 35; x++) {
            float d = (x + 0.5f) - 20f; // positive inside
            float expected = Math.min(1f, Math.max(0f, 0.5f + d / feather));
            assertEquals(expected, plane[row + x], 1e-5f, "x = " + x);
        }
        assertEquals(0.5f + 0.5f / feather, plane[row + 20], 1e-6f); // half a pixel inside
        assertEquals(0.5f - 0.5f / feather, plane[row + 19], 1e-6f); // half a pixel outside
        assertEquals(1f, plane[row + 50]);
        assertEquals(0f, plane[row + 5]);
        // the corner: outside the square the distance is to the corner point
        float dc = (float) Math.hypot(80 - 82.5, 80 - 82.5);
        assertEquals(Math.max(0f, 0.5f - dc / feather), plane[82 * w + 82], 1e-5f);
    }

    @Test
    void pointsOutsideTheFrameAreClipped() {
        int h = 60;
        int w = 80;
        float[] plane = new float[h * w];
        // a circle centred off the left edge: half of it is in the frame
        LandmarkPrior.add(plane, h, w, circle(-0.0, 30, 25, 180), 2f);
        assertEquals(1f, plane[30 * w]);
        assertEquals(0f, plane[30 * w + 40]);
        double inFrame = Math.PI * 25 * 25 / 2;
        assertEquals(inFrame, sum(plane), inFrame * 0.01);
        // wholly outside: nothing drawn, nothing thrown
        float[] empty = new float[h * w];
        LandmarkPrior.add(empty, h, w, circle(-500, -500, 40, 36), 3f);
        LandmarkPrior.add(empty, h, w, circle(1e9, 30, 40, 36), 3f);
        assertEquals(0.0, sum(empty));
        // a face larger than the frame: all ones
        float[] full = new float[h * w];
        LandmarkPrior.add(full, h, w, circle(40, 30, 500, 72), 3f);
        assertEquals(h * w, sum(full), 1e-6);
    }

    @Test
    void facesOverlapByTheirMaximum() {
        int h = 50;
        int w = 100;
        float[] plane = new float[h * w];
        LandmarkPrior.add(plane, h, w, circle(30, 25, 20, 72), 4f);
        LandmarkPrior.add(plane, h, w, circle(60, 25, 20, 72), 4f);
        for (float v : plane) {
            assertTrue(v >= 0f && v <= 1f);
        }
        assertEquals(1f, plane[25 * w + 45]);
    }

    @Test
    void theFeatherFollowsTheFaceSize() {
        assertEquals(10f, LandmarkPrior.featherFor(new float[] {0, 0, 200, 0, 200, 150}), 1e-5f);
        assertEquals(LandmarkPrior.MIN_FEATHER, LandmarkPrior.featherFor(new float[] {0, 0, 4, 0, 4, 4}));
    }

    @Test
    void drawsTheMeshOval() {
        float[] points = new float[3 * Landmarks.COUNT];
        float[] ring = circle(320, 240, 100, Landmarks.OVAL.length);
        for (int k = 0; k < Landmarks.OVAL.length; k++) {
            points[3 * Landmarks.OVAL[k]] = ring[2 * k];
            points[3 * Landmarks.OVAL[k] + 1] = ring[2 * k + 1];
        }
        float[] plane = LandmarkPrior.draw(new Landmarks(points, 1f), 480, 640);
        assertEquals(1f, plane[240 * 640 + 320]);
        assertEquals(0f, plane[10 * 640 + 10]);
    }

    @Test
    void a4kFrameIsQuick() {
        int h = 2160;
        int w = 3840;
        float[] plane = new float[h * w];
        float[] face = circle(1900, 1000, 700, 36);
        LandmarkPrior.add(plane, h, w, face, LandmarkPrior.featherFor(face)); // warm-up
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            LandmarkPrior.add(plane, h, w, face, LandmarkPrior.featherFor(face));
        }
        double ms = (System.nanoTime() - t0) / 5e6;
        System.out.printf("landmark prior, 1400 px face in 3840x2160: %.1f ms%n", ms);
        assertTrue(ms < 500, ms + " ms");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LandmarkPrior.add(new float[4], 2, 2,
                new float[] {0, 0, 1, 1}, 1f));
        assertThrows(IllegalArgumentException.class, () -> LandmarkPrior.add(new float[4], 2, 2,
                new float[] {0, 0, 1, 1, Float.NaN, 0}, 1f));
        assertThrows(IllegalArgumentException.class, () -> LandmarkPrior.add(new float[4], 2, 2,
                new float[] {0, 0, 1, 1, 0, 1}, 0f));
    }
}
