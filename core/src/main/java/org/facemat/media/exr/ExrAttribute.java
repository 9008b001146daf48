package org.facemat.media.exr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.facemat.media.Timecode;

/**
 * One header attribute as stored in the file: its name, its type name and its value bytes (little-endian, as the
 * format lays them out). Factories build the common types; the {@code as...} methods decode them.
 *
 * @param name attribute name, e.g. {@code framesPerSecond} or {@code facemat/model}
 * @param type type name, e.g. {@code string}, {@code rational}, {@code timecode}
 * @param value the value bytes (not copied)
 */
public record ExrAttribute(String name, String type, byte[] value) {

    public ExrAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        checkName("attribute name", name);
        checkName("attribute type", type);
    }

    private static void checkName(String what, String s) {
        int n = s.getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n > ExrChannel.MAX_NAME_BYTES || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must be 1.." + ExrChannel.MAX_NAME_BYTES
                    + " bytes of UTF-8 without NUL: '" + s + "'");
        }
    }

    /** A {@code string} attribute (UTF-8, no terminator). */
    public static ExrAttribute string(String name, String value) {
        return new ExrAttribute(name, "string", value.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code int} attribute. */
    public static ExrAttribute intValue(String name, int value) {
        return new ExrAttribute(name, "int", le(4).putInt(value).array());
    }

    /** A {@code float} attribute. */
    public static ExrAttribute floatValue(String name, float value) {
        return new ExrAttribute(name, "float", le(4).putFloat(value).array());
    }

    /** A {@code double} attribute. */
    public static ExrAttribute doubleValue(String name, double value) {
        return new ExrAttribute(name, "double", le(8).putDouble(value).array());
    }

    /** A {@code v2f} attribute. */
    public static ExrAttribute v2f(String name, float x, float y) {
        return new ExrAttribute(name, "v2f", le(8).putFloat(x).putFloat(y).array());
    }

    /** A {@code box2i} attribute. */
    public static ExrAttribute box2i(String name, Box2i box) {
        return new ExrAttribute(name, "box2i",
                le(16).putInt(box.xMin()).putInt(box.yMin()).putInt(box.xMax()).putInt(box.yMax()).array());
    }

    /** A {@code rational} attribute. */
    public static ExrAttribute rational(String name, Rational value) {
        return new ExrAttribute(name, "rational",
                le(8).putInt(value.numerator()).putInt((int) value.denominator()).array());
    }

    /** A {@code timecode} attribute: the time-and-flags word, then the user-data word (written as 0). */
    public static ExrAttribute timeCode(String name, Timecode value) {
        return new ExrAttribute(name, "timecode", le(8).putInt(value.packed()).putInt(0).array());
    }

    /** A {@code chromaticities} attribute: red, green, blue, white, each x then y. */
    public static ExrAttribute chromaticities(String name, Chromaticities c) {
        return new ExrAttribute(name, "chromaticities", le(32)
                .putFloat(c.redX()).putFloat(c.redY()).putFloat(c.greenX()).putFloat(c.greenY())
                .putFloat(c.blueX()).putFloat(c.blueY()).putFloat(c.whiteX()).putFloat(c.whiteY()).array());
    }

    public String asString() {
        expect("string", -1);
        return new String(value, StandardCharsets.UTF_8);
    }

    public int asInt() {
        expect("int", 4);
        return in().getInt();
    }

    public float asFloat() {
        expect("float", 4);
        return in().getFloat();
    }

    public double asDouble() {
        expect("double", 8);
        return in().getDouble();
    }

    /** A {@code v2f} as {x, y}. */
    public float[] asV2f() {
        expect("v2f", 8);
        ByteBuffer b = in();
        return new float[] {b.getFloat(), b.getFloat()};
    }

    public Box2i asBox2i() {
        expect("box2i", 16);
        ByteBuffer b = in();
        return new Box2i(b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }

    public Rational asRational() {
        expect("rational", 8);
        ByteBuffer b = in();
        return new Rational(b.getInt(), Integer.toUnsignedLong(b.getInt()));
    }

    /**
     * @throws IllegalArgumentException when the type is wrong or the BCD fields are invalid
     */
    public Timecode asTimeCode() {
        expect("timecode", 8);
        return Timecode.fromPacked(in().getInt()); // the user-data word that follows carries nothing FaceMat reads
    }

    public Chromaticities asChromaticities() {
        expect("chromaticities", 32);
        ByteBuffer b = in();
        return new Chromaticities(b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat(),
                b.getFloat(), b.getFloat());
    }

    /** The single unsigned byte of a {@code compression}, {@code lineOrder} or similar one-byte attribute. */
    public int asUnsignedByte(String expectedType) {
        expect(expectedType, 1);
        return value[0] & 0xFF;
    }

    private void expect(String expectedType, int size) {
        if (!type.equals(expectedType)) {
            throw new IllegalArgumentException("attribute '" + name + "' has type " + type + ", not " + expectedType);
        }
        if (size >= 0 && value.length != size) {
            throw new IllegalArgumentException("attribute '" + name + "' of type " + type + " has " + value.length
                    + " bytes, expected " + size);
        }
    }

    private ByteBuffer in() {
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExrAttribute a && a.name.equals(name) && a.type.equals(type)
                && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return name + " (" + type + ", " + value.length + " bytes)";
    }
}
