package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExrHalfTest {

    private static void assertHalf(int expectedBits, float value) {
        short got = Half.fromFloat(value);
        assertEquals(String.format("0x%04x", expectedBits), String.format("0x%04x", got & 0xFFFF),
                "half of " + value + " (" + Float.toHexString(value) + ")");
    }

    @Test
    void exactValues() {
        assertHalf(0x0000, 0f);
        assertHalf(0x8000, -0f);
        assertHalf(0x3C00, 1f);
        assertHalf(0xC000, -2f);
        assertHalf(0x3800, 0.5f);
        assertHalf(0x7BFF, 65504f);
        assertHalf(0xFBFF, -65504f);
        assertHalf(0x0400, 0x1p-14f); // smallest normal, 6.1035e-5
        assertHalf(0x03FF, 6.1e-5f); // just below it: largest denormal (6.0976e-5)
        assertHalf(0x0001, 0x1p-24f); // smallest denormal
        assertHalf(0x0001, 5.96e-8f); // rounds up to it
        assertHalf(0x8001, -5.96e-8f);
        assertHalf(0x0200, 0x1p-15f); // a denormal power of two
        assertHalf(0x3555, 1f / 3f);
        assertHalf(0x4248, 3.140625f);
    }

    @Test
    void roundsToNearestEven() {
        assertHalf(0x3C00, 1f + 0x1p-11f); // halfway between 1 and 1+2^-10: to the even 1
        assertHalf(0x3C02, 1f + 3 * 0x1p-11f); // halfway between 0x3C01 and 0x3C02: to the even 0x3C02
        assertHalf(0x3C01, Math.nextUp(1f + 0x1p-11f)); // just above halfway: up
        assertHalf(0x3C00, Math.nextDown(1f + 0x1p-11f));
        assertHalf(0x6800, 2049f); // spacing 2 above 2048: 2049 ties to 2048
        assertHalf(0x6802, 2051f); // 2051 ties to 2052
        assertHalf(0x6800, 2047.6f); // carry from the mantissa into the exponent
        assertHalf(0x0000, 0x1p-25f); // half the smallest denormal: ties to even zero
        assertHalf(0x0001, Math.nextUp(0x1p-25f));
        assertHalf(0x0002, 3 * 0x1p-25f); // 1.5 denormal steps: ties to the even 2
        assertHalf(0x0400, 1023.5f * 0x1p-24f); // largest denormal + half a step: ties to the smallest normal
        assertHalf(0x0000, 1e-10f);
        assertHalf(0x8000, -1e-10f);
        assertHalf(0x0000, Float.MIN_VALUE); // float denormals are far below the half range
    }

    @Test
    void overflowInfinityAndNaN() {
        assertHalf(0x7BFF, 65519f); // below the midpoint to the next (unrepresentable) step
        assertHalf(0x7C00, 65520f); // the midpoint ties to "even" infinity
        assertHalf(0x7C00, 1e6f);
        assertHalf(0xFC00, -1e6f);
        assertHalf(0x7C00, Float.MAX_VALUE);
        assertHalf(0x7C00, Float.POSITIVE_INFINITY);
        assertHalf(0xFC00, Float.NEGATIVE_INFINITY);
        for (float nan : new float[] {Float.NaN, Float.intBitsToFloat(0x7F80_0001), Float.intBitsToFloat(0xFFC0_0000),
                Float.intBitsToFloat(0x7FBF_FFFF)}) {
            short h = Half.fromFloat(nan);
            assertEquals(0x7C00, h & 0x7C00, "NaN keeps an all-ones exponent");
            assertTrue((h & 0x3FF) != 0, "NaN must not become infinity: " + Integer.toHexString(h & 0xFFFF));
            assertTrue(Float.isNaN(Half.toFloat(h)));
        }
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, Half.toFloat((short) 0xFC00));
    }

    @Test
    void toFloatIsExactForEveryPattern() {
        for (int h = 0; h < 65536; h++) {
            int exponent = (h >>> 10) & 0x1F;
            int mantissa = h & 0x3FF;
            float f = Half.toFloat((short) h);
            if (exponent == 31) {
                assertEquals(mantissa == 0, Float.isInfinite(f), "pattern " + h);
                continue;
            }
            double expected = exponent == 0 ? Math.scalb((double) mantissa, -24)
                    : Math.scalb(1024.0 + mantissa, exponent - 25);
            if ((h & 0x8000) != 0) {
                expected = -expected;
            }
            assertEquals(expected, f, 0.0, "pattern " + h);
            assertEquals(Double.doubleToRawLongBits(expected) >>> 63, (long) (Float.floatToRawIntBits(f) >>> 31));
            assertEquals(h, Half.fromFloat(f) & 0xFFFF, "round trip of pattern " + h);
        }
    }

    /** Compares against a reference that searches the table of all halves for the nearest one. */
    @Test
    void matchesExactNearestForRandomFloats() {
        float[] halves = new float[0x7C00]; // every finite non-negative half, ascending
        for (int h = 0; h < halves.length; h++) {
            halves[h] = Half.toFloat((short) h);
        }
        Random rnd = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            // exponents from far below the denormals to above the half range
            float f = Float.intBitsToFloat((rnd.nextInt(50) + 98) << 23 | rnd.nextInt(1 << 23));
            int expected = nearest(halves, f);
            assertEquals(expected, Half.fromFloat(f) & 0xFFFF, "value " + Float.toHexString(f));
            assertEquals(expected | 0x8000, Half.fromFloat(-f) & 0xFFFF, "value " + Float.toHexString(-f));
        }
    }

    private static int nearest(float[] halves, float f) {
        if (f >= 65520f) {
            return 0x7C00;
        }
        int i = Arrays.binarySearch(halves, f);
        if (i >= 0) {
            return i;
        }
        int above = -i - 1;
        if (above >= halves.length) {
            return halves.length - 1;
        }
        int below = above - 1;
        // exact: the differences of these floats fit in a double's 53 bits
        int cmp = Double.compare((double) f - halves[below], (double) halves[above] - f);
        if (cmp != 0) {
            return cmp < 0 ? below : above;
        }
        return (below & 1) == 0 ? below : above;
    }
}
