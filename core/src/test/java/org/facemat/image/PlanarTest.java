package org.facemat.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PlanarTest {
    // two planes of 3 x 2
    private static final float[] IM = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60};

    @Test
    void checkWantsEveryPlaneWhole() {
        Planar.check(2, 3, 2, IM);
        assertThrows(IllegalArgumentException.class, () -> Planar.check(3, 3, 2, IM));
        assertThrows(IllegalArgumentException.class, () -> Planar.check(2, 2, 3, new float[11]));
        assertThrows(IllegalArgumentException.class, () -> Planar.area(-1, 4));
    }

    @Test
    void windowCutsEveryPlaneAndCanMirror() {
        assertArrayEquals(new float[] {2, 3, 5, 6, 20, 30, 50, 60}, Planar.window(IM, 2, 3, 2, 1, 0, 2, 2, false));
        assertArrayEquals(new float[] {3, 2, 6, 5, 30, 20, 60, 50}, Planar.window(IM, 2, 3, 2, 1, 0, 2, 2, true));
        assertArrayEquals(new float[] {4, 40}, Planar.window(IM, 2, 3, 2, 0, 1, 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> Planar.window(IM, 2, 3, 2, 2, 0, 2, 1, false));
    }

    @Test
    void hflipMirrorsEachRowInPlace() {
        float[] a = IM.clone();
        Planar.hflip(a, 2, 3, 2);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 30, 20, 10, 60, 50, 40}, a);
    }

    @Test
    void areaResizeAveragesFootprintsWeightingPartPixels() {
        float[] a = new float[16];
        for (int i = 0; i < 16; i++) {
            a[i] = i;
        }
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, Planar.areaResize(a, 1, 4, 4, 2, 2), 1e-6f);
        // 3 -> 2: footprints [0, 1.5) and [1.5, 3), the middle pixel counted half in each
        assertArrayEquals(new float[] {(0 + 0.5f * 3) / 1.5f, (0.5f * 3 + 9) / 1.5f},
                Planar.areaResize(new float[] {0, 3, 9}, 1, 3, 1, 2, 1), 1e-6f);
    }

    @Test
    void blur3IsOneTwoOneBothWays() {
        float[] a = new float[9];
        a[4] = 16;
        assertArrayEquals(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, Planar.blur3(a, 1, 3, 3), 0f);
        // at the border the edge pixel is repeated: [1,2,1] over (16, 16, 0) is 12
        float[] b = {16, 0, 0};
        assertArrayEquals(new float[] {12, 4, 0}, Planar.blur3(b, 1, 3, 1), 0f);
    }

    @Test
    void squareCropAtOneToOneIsTheWindowAndAveragesWhenShrinking() {
        float[] a = new float[16];
        for (int i = 0; i < 16; i++) {
            a[i] = i;
        }
        // side 2 centred at (2, 2) at 2 x 2: pixels (1..2, 1..2)
        assertArrayEquals(new float[] {5, 6, 9, 10}, Planar.squareCrop(a, 1, 4, 4, 2, 2, 2, 2), 0f);
        // the whole image at 2 x 2: k = 2 samples per axis at the pixel centres of each 2 x 2 block
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, Planar.squareCrop(a, 1, 4, 4, 2, 2, 4, 2), 1e-6f);
        // beyond the image the edge repeats
        assertArrayEquals(new float[] {0}, Planar.squareCrop(a, 1, 4, 4, -3, -3, 1, 1), 0f);
    }

    @Test
    void gaussianSquareKeepsTheMassOfAnInteriorImpulse() {
        float[] a = new float[2 * 15 * 15];
        a[7 * 15 + 7] = 1;
        a[225 + 7 * 15 + 7] = 2;
        Planar.gaussianSquare(a, 2, 15, 1.2);
        double s0 = 0;
        double s1 = 0;
        for (int i = 0; i < 225; i++) {
            s0 += a[i];
            s1 += a[225 + i];
        }
        assertEquals(1, s0, 1e-5);
        assertEquals(2, s1, 1e-5);
        assertEquals(a[7 * 15 + 6], a[6 * 15 + 7], 1e-7f);
        assertEquals(a[7 * 15 + 9], a[7 * 15 + 5], 1e-7f);
    }
}
