package org.facemat.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaceCropTest {

    /** A plane whose value is a linear function of the position: bilinear sampling reproduces it exactly. */
    private static float[] ramp(int h, int w) {
        float[] p = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = 0.01f * (x + 0.5f) + 0.002f * (y + 0.5f);
            }
        }
        return p;
    }

    @Test
    void samplingMapsCropPixelsToTheRightFramePoints() {
        int h = 200;
        int w = 300;
        float[] frame = ramp(h, w);
        double angle = Math.toRadians(30);
        FaceCrop crop = new FaceCrop(150.0, 100.0, 80.0, angle);
        int n = 40;
        float[] c = crop.sample(frame, 1, h, w, n);
        double s = 80.0 / n;
        for (int[] uv : new int[][] {{0, 0}, {20, 20}, {39, 5}, {7, 33}}) {
            double du = uv[0] + 0.5 - n / 2.0;
            double dv = uv[1] + 0.5 - n / 2.0;
            double x = 150 + s * (du * Math.cos(angle) - dv * Math.sin(angle));
            double y = 100 + s * (du * Math.sin(angle) + dv * Math.cos(angle));
            assertEquals(0.01 * x + 0.002 * y, c[uv[1] * n + uv[0]], 1e-4, "crop pixel " + uv[0] + "," + uv[1]);
        }
    }

    /** A crop of ones pasted back covers the turned square: 1 inside, fading over its outer tenth, 0 outside. */
    @Test
    void pastingCoversTheCropsSquare() {
        int h = 200;
        int w = 300;
        FaceCrop crop = new FaceCrop(150.0, 100.0, 100.0, Math.toRadians(20));
        int n = 64;
        float[] ones = new float[n * n];
        java.util.Arrays.fill(ones, 1f);
        float[] alpha = new float[h * w];
        float[] sigma = new float[h * w];
        crop.pasteMax(ones, ones, n, alpha, sigma, h, w, 0.1);
        assertEquals(1f, alpha[100 * w + 150], 1e-6, "centre");
        assertEquals(0f, alpha[100 * w + 215], 1e-6, "beyond the corner's reach on the axis");
        double sum = 0;
        for (float a : alpha) {
            sum += a;
        }
        // area of the square, less what the fade takes off: 1 - (1 - 0.8^2) / 2 roughly
        double full = 100.0 * 100.0;
        assertTrue(sum > 0.75 * full && sum < 0.95 * full, "covered " + sum + " of " + full);
    }

    @Test
    void theCropOfLevelLandmarksIsCentredOnTheirBox() {
        ScriptedFaces f = new ScriptedFaces();
        Landmarks l = f.landmarks(200, 120, 100);
        FaceCrop c = FaceCrop.around(l, true);
        assertEquals(200, c.cx(), 1e-3);
        assertEquals(120, c.cy(), 1e-3);
        assertEquals(0, c.angle(), 1e-9);
        assertEquals(FaceCrop.MARGIN * 100, c.side(), 1.0);
    }

    /** A landmark taken into the crop lands on the crop pixel that samples it. */
    @Test
    void landmarksGoIntoTheCropWhereSamplingPutsThem() {
        ScriptedFaces f = new ScriptedFaces();
        Landmarks l = f.landmarks(150, 100, 60);
        FaceCrop crop = new FaceCrop(150.0, 100.0, 120.0, Math.toRadians(25));
        int n = 96;
        Landmarks c = crop.toCrop(l, n);
        int h = 200;
        int w = 300;
        float[] xs = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                xs[y * w + x] = x + 0.5f;
            }
        }
        float[] sampled = crop.sample(xs, 1, h, w, n);
        for (int i : new int[] {0, 33, 263, 400}) {
            int u = (int) Math.floor(c.x(i));
            int v = (int) Math.floor(c.y(i));
            // the crop pixel holding the landmark samples the frame within a crop pixel (1.25 frame px) of it
            assertEquals(l.x(i), sampled[v * n + u], 120.0 / n + 1e-3, "landmark " + i);
        }
    }
}
