package org.facemat.media.exr;

/**
 * Conversion between 32-bit floats and 16-bit IEEE 754 half floats (binary16), the OpenEXR {@code HALF} type.
 *
 * <p>{@link #fromFloat} rounds to the nearest half, ties to even; values whose magnitude rounds past the largest
 * half (65504) become infinity; results below the smallest normal half (2^-14) become denormals, and magnitudes at
 * or below 2^-25 become a zero of the same sign. Infinities keep their sign, NaN stays NaN (quiet, with the top
 * mantissa bits kept).
 */
public final class Half {

    /** Largest finite half, 65504. */
    public static final float MAX_VALUE = 65504f;
    /** Smallest positive normal half, 2^-14 (about 6.1035e-5). */
    public static final float MIN_NORMAL = 0x1p-14f;
    /** Smallest positive denormal half, 2^-24 (about 5.96e-8). */
    public static final float MIN_VALUE = 0x1p-24f;

    private Half() {
    }

    /** The half bit pattern nearest to {@code value} (round to nearest, ties to even). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFF_FFFF;
        if (abs >= 0x3880_0000) { // |value| >= 2^-14: normal half, overflow, infinity or NaN
            if (abs >= 0x7F80_0000) {
                if (abs == 0x7F80_0000) {
                    return (short) (sign | 0x7C00);
                }
                int mantissa = (abs >>> 13) & 0x3FF;
                return (short) (sign | 0x7C00 | 0x200 | mantissa); // quiet NaN, never the infinity pattern
            }
            if (abs >= 0x477F_F000) { // >= 65520, the midpoint above 65504: rounds (to even) to infinity
                return (short) (sign | 0x7C00);
            }
            // rebias the exponent (127 -> 15) and keep the top 10 mantissa bits
            int h = ((abs - 0x3800_0000) >>> 13);
            int rest = abs & 0x1FFF;
            if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
                h++; // a carry out of the mantissa correctly bumps the exponent
            }
            return (short) (sign | h);
        }
        // denormal or zero: the result is round(|value| / 2^-24)
        int exponent = abs >>> 23;
        int shift = 126 - exponent; // |value| / 2^-24 = mantissa * 2^-shift, shift >= 14 here
        if (shift > 24) {
            return (short) sign; // below 2^-25 (or exactly 2^-25, which ties to even zero)
        }
        int mantissa = (abs & 0x7F_FFFF) | 0x80_0000;
        int h = mantissa >>> shift;
        int rest = mantissa & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (h & 1) != 0)) {
            h++; // may reach 0x400, the smallest normal, which is the right bit pattern
        }
        return (short) (sign | h);
    }

    /** The float value of a half bit pattern (exact; NaN payloads are kept). */
    public static float toFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            float v = mantissa * 0x1p-24f; // exact: mantissa has at most 10 bits
            return sign != 0 ? -v : v;
        }
        if (exponent == 31) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** {@code value} rounded to the nearest half and back, i.e. what a HALF channel stores. */
    public static float round(float value) {
        return toFloat(fromFloat(value));
    }
}
