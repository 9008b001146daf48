package org.facemat.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PlaneTest {

    @Test
    void checksItsSize() {
        assertThrows(IllegalArgumentException.class, () -> new Plane(2, 3, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new Plane(-2, -3, new float[6]));
        assertThrows(IllegalArgumentException.class, () -> Plane.zeros(1 << 16, 1 << 16));
        Plane p = new Plane(3, 2, new float[] {0, 1, 2, 3, 4, 5});
        assertEquals(5f, p.at(2, 1));
        assertEquals(3f, p.at(0, 1));
        assertEquals("3x2", p.size());
    }

    @Test
    void resizeUsesHalfPixelCentresAndRepeatsTheEdge() {
        Plane up = new Plane(2, 2, new float[] {0, 1, 2, 3}).resize(4, 4);
        // output x = 0, 1, 2, 3 sits at source -0.25 (edge), 0.25, 0.75, 1.25 (edge)
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f,
            2.75f, 3}, up.values(), 0f);
        // 3 -> 2 wide: centres at 0.25 and 1.75
        Plane down = new Plane(3, 1, new float[] {0, 4, 8}).resize(2, 1);
        assertArrayEquals(new float[] {1, 7}, down.values(), 1e-6f);
    }

    @Test
    void resizeToTheSameSizeCopies() {
        Plane p = new Plane(2, 1, new float[] {1, 2});
        Plane q = p.resize(2, 1);
        assertNotSame(p.values(), q.values());
        assertArrayEquals(p.values(), q.values(), 0f);
    }

    @Test
    void resizeDoubleIsTheNetworkRuleUpToFloatRounding() {
        Random r = new Random(3);
        float[] v = new float[37 * 23];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        float[] mask = new Plane(37, 23, v).resize(91, 50).values();
        float[] net = HalfPixelBilinear.resize(v, 1, 23, 37, 50, 91);
        assertArrayEquals(net, mask, 1e-4f);
    }

    @Test
    void gaussianSpreadsAnImpulseByTheNormalisedKernel() {
        float[] v = new float[9];
        v[4] = 1;
        Plane g = new Plane(9, 1, v).gaussian(1);
        double sum = Math.exp(-0.5 * 0) + 2 * (Math.exp(-0.5) + Math.exp(-2) + Math.exp(-4.5));
        assertEquals(1 / sum, g.values()[4], 1e-6);
        assertEquals(Math.exp(-0.5) / sum, g.values()[3], 1e-6);
        assertEquals(Math.exp(-2) / sum, g.values()[6], 1e-6);
        assertEquals(0f, g.values()[0]);
        assertEquals(g.values()[2], g.values()[6]);
        // the edge is repeated: a constant stays constant up to its border
        Plane flat = new Plane(4, 3, new float[] {.5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f});
        assertArrayEquals(flat.values(), flat.gaussian(2).values(), 1e-6f);
        assertArrayEquals(flat.values(), flat.gaussian(0).values(), 0f);
    }

    @Test
    void boundsAboveIsStrictAndIncludesItsCorners() {
        float[] v = new float[5 * 4];
        v[1 * 5 + 3] = 0.6f;
        v[2 * 5 + 1] = 0.9f;
        v[3 * 5 + 4] = 0.5f; // not above 0.5
        Plane p = new Plane(5, 4, v);
        assertArrayEquals(new int[] {1, 1, 3, 2}, p.boundsAbove(0.5f));
        assertArrayEquals(new int[] {1, 1, 4, 3}, p.boundsAbove(0.4f));
        assertNull(p.boundsAbove(0.9f));
    }
}
