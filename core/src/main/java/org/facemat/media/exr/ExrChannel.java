package org.facemat.media.exr;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One image channel: its name, the type stored in the file, and its values row-major (top row first), one per pixel.
 * The array is kept by reference, not copied: the caller must not change it while a write is running.
 *
 * <p>Names with a dot are layers: {@code facemat.uncertainty} is channel {@code uncertainty} of layer
 * {@code facemat} in Nuke and Natron; {@code R}, {@code G}, {@code B}, {@code A} without a prefix are the main
 * RGBA layer.
 *
 * @param name the channel name (UTF-8 in the file, 1..255 bytes, no NUL)
 * @param type {@link PixelType#HALF} or {@link PixelType#FLOAT} for writing
 * @param values width x height samples
 */
public record ExrChannel(String name, PixelType type, float[] values) {

    /** Longest name the format allows (with the long-names flag set when above 31 bytes). */
    public static final int MAX_NAME_BYTES = 255;

    public ExrChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(values, "values");
        checkName(name);
    }

    static void checkName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == 0 || utf8.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("channel name must be 1.." + MAX_NAME_BYTES + " bytes of UTF-8: '"
                    + name + "'");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("channel name contains a NUL character: '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return "ExrChannel[" + name + ", " + type + ", " + values.length + " values]";
    }
}
