package org.facemat.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrimapTest {

    @Test
    void ellipseIsOpenCvs15x15() {
        // round(sqrt(49 - dy^2)) for dy = -7..7
        assertArrayEquals(new int[] {0, 4, 5, 6, 6, 7, 7, 7, 7, 7, 6, 6, 5, 4, 0}, Trimap.ellipseHalfWidths(15));
    }

    /** Independent check: dilation written as the definition, every kernel offset tested. */
    @Test
    void dilationMatchesBruteForce() {
        int h = 41;
        int w = 57;
        Random rnd = new Random(7);
        float[] gt = new float[h * w];
        for (int i = 0; i < gt.length; i++) {
            gt[i] = rnd.nextInt(60) == 0 ? 0.5f : (rnd.nextBoolean() ? 0f : 1f);
        }
        boolean[] m = new boolean[h * w];
        for (int i = 0; i < m.length; i++) {
            m[i] = gt[i] >= 0.05f && gt[i] <= 0.95f;
        }
        for (int it = 0; it < 2; it++) {
            boolean[] out = new boolean[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int dy = -7; dy <= 7; dy++) {
                        for (int dx = -7; dx <= 7; dx++) {
                            // inside OpenCV's ellipse: |dx| <= round(sqrt(49 - dy^2))
                            if (Math.abs(dx) > Math.round(Math.sqrt(49 - dy * dy))) {
                                continue;
                            }
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w && m[yy * w + xx]) {
                                out[y * w + x] = true;
                            }
                        }
                    }
                }
            }
            m = out;
        }
        assertArrayEquals(m, Trimap.unknownBand(gt, h, w));
    }

    @Test
    void bandOnADiskHasTheExpectedWidth() {
        int size = 301;
        int c = 150;
        double radius = 100;
        float[] gt = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double d = Math.hypot(x - c, y - c);
                // a soft edge two pixels wide
                gt[y * size + x] = (float) Math.min(1, Math.max(0, (radius - d) / 2 + 0.5));
            }
        }
        boolean[] band = Trimap.unknownBand(gt, size, size);
        // along the centre row, right of the centre: raw unknown run, then 14 pixels grown each side
        int rawMin = Integer.MAX_VALUE;
        int rawMax = -1;
        for (int x = c; x < size; x++) {
            float g = gt[c * size + x];
            if (g >= 0.05f && g <= 0.95f) {
                rawMin = Math.min(rawMin, x);
                rawMax = Math.max(rawMax, x);
            }
        }
        assertTrue(rawMax >= rawMin);
        int bandMin = -1;
        int bandMax = -1;
        for (int x = c; x < size; x++) {
            if (band[c * size + x]) {
                if (bandMin < 0) {
                    bandMin = x;
                }
                bandMax = x;
            }
        }
        for (int x = bandMin; x <= bandMax; x++) {
            assertTrue(band[c * size + x], "band is one run");
        }
        assertEquals(rawMax + 14, bandMax);
        assertEquals(rawMin - 14, bandMin);
        // the same vertically (the ellipse is symmetric)
        assertTrue(band[(c + rawMax - c + 14) * size + c]);
        assertFalse(band[(c + rawMax - c + 15) * size + c]);
        // centre and corners are outside the band
        assertFalse(band[c * size + c]);
        assertFalse(band[0]);
    }
}
