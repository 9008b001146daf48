package org.facemat.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BilinearTest {
    // 3 x 2: row 0 = 0 1 2, row 1 = 10 11 12; plane 1 is plane 0 + 100
    private static final float[] P = {0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112};

    @Test
    void edgeInterpolatesBetweenCentresAndRepeatsTheBorder() {
        assertEquals(11f, Bilinear.edge(P, 0, 3, 2, 1, 1));
        assertEquals(5.5f, Bilinear.edge(P, 0, 3, 2, 0.5, 0.5));
        assertEquals(103.25f, Bilinear.edge(P, 6, 3, 2, 0.25, 0.3), 1e-5f);
        assertEquals(0f, Bilinear.edge(P, 0, 3, 2, -4, -0.5));
        assertEquals(12f, Bilinear.edge(P, 0, 3, 2, 7, 9));
        assertEquals(7f, Bilinear.edge(P, 0, 3, 2, 2.5, 0.5));
    }

    @Test
    void zeroFadesToNothingOutside() {
        assertEquals(11f, Bilinear.zero(P, 0, 3, 2, 1, 1));
        assertEquals(0.5f * 12f, Bilinear.zero(P, 0, 3, 2, 2.5, 1));
        assertEquals(0.25f * 10f, Bilinear.zero(P, 0, 3, 2, -0.5, 1.5));
        assertEquals(0f, Bilinear.zero(P, 0, 3, 2, -1, 0));
        assertEquals(0f, Bilinear.zero(P, 0, 3, 2, 0, 2));
    }

    @Test
    void mirrorRepeatsThePlaneReflected() {
        // index -1 reflects to 0, 3 to 2, 4 to 1, 6 to 0 (period 2 x width)
        assertEquals(0f, Bilinear.mixMirror(P, 0, 3, 2, -1, 0));
        assertEquals(2f, Bilinear.mixMirror(P, 0, 3, 2, 3, 0));
        assertEquals(1f, Bilinear.mixMirror(P, 0, 3, 2, 4, 0));
        assertEquals(0f, Bilinear.mixMirror(P, 0, 3, 2, 6, 0));
        assertEquals(10f, Bilinear.mixMirror(P, 0, 3, 2, 0, 2));
        assertEquals(1.5f, Bilinear.mixMirror(P, 0, 3, 2, 3.5, 0));
    }

    @Test
    void theTwoFormsAgreeUpToRounding() {
        Random r = new Random(11);
        float[] p = new float[2 * 17 * 9];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat();
        }
        for (int k = 0; k < 2000; k++) {
            double x = r.nextDouble() * 24 - 4;
            double y = r.nextDouble() * 16 - 4;
            int o = r.nextInt(2) * 17 * 9;
            assertEquals(Bilinear.edge(p, o, 17, 9, x, y), Bilinear.mixEdge(p, o, 17, 9, x, y), 1e-6f);
            assertEquals(Bilinear.zero(p, o, 17, 9, x, y), Bilinear.mixZero(p, o, 17, 9, x, y), 1e-6f);
        }
    }

    @Test
    void everyPlaneAtOnceIsEachPlaneOnItsOwn() {
        Random r = new Random(5);
        float[] out = new float[2 * 4];
        for (int k = 0; k < 500; k++) {
            double x = r.nextDouble() * 6 - 1.5;
            double y = r.nextDouble() * 4 - 1;
            int at = r.nextInt(4);
            Bilinear.edge(P, 2, 3, 2, x, y, out, at, 4);
            assertEquals(Bilinear.edge(P, 0, 3, 2, x, y), out[at]);
            assertEquals(Bilinear.edge(P, 6, 3, 2, x, y), out[4 + at]);
            Bilinear.zero(P, 2, 3, 2, x, y, out, at, 4);
            assertEquals(Bilinear.zero(P, 0, 3, 2, x, y), out[at]);
            assertEquals(Bilinear.zero(P, 6, 3, 2, x, y), out[4 + at]);
        }
    }
}
