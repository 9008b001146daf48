package org.facemat.media.exr;

/**
 * The OpenEXR {@code rational} attribute type: a signed 32-bit numerator over an unsigned 32-bit denominator, e.g.
 * 24000/1001 for 23.976 frames per second.
 *
 * @param numerator the numerator
 * @param denominator the denominator, stored unsigned (0 .. 2^32-1)
 */
public record Rational(int numerator, long denominator) {

    public Rational {
        if (denominator < 0 || denominator > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("rational denominator out of the unsigned 32-bit range: " + denominator);
        }
    }

    /** The value as a double (NaN or infinite when the denominator is 0). */
    public double doubleValue() {
        return (double) numerator / (double) denominator;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
