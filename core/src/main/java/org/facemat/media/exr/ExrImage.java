package org.facemat.media.exr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An image to write or an image read: width, height and named channels in the caller's order. The writer stores
 * the channels sorted by name, as the format requires; the reader returns them in file (sorted) order.
 */
public final class ExrImage {

    private final int width;
    private final int height;
    private final List<ExrChannel> channels;

    /**
     * @throws IllegalArgumentException when a size is not positive, there is no channel, two channels share a name,
     *         or a channel does not hold exactly {@code width * height} values
     */
    public ExrImage(int width, int height, List<ExrChannel> channels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image too large for one array per channel: " + width + "x" + height);
        }
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("an image needs at least one channel");
        }
        Set<String> names = new HashSet<>();
        for (ExrChannel c : channels) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate channel name '" + c.name() + "'");
            }
            if (c.values().length != pixels) {
                throw new IllegalArgumentException("channel '" + c.name() + "' has " + c.values().length
                        + " values, expected " + width + "x" + height + " = " + pixels);
            }
        }
        this.width = width;
        this.height = height;
        this.channels = List.copyOf(channels);
    }

    public ExrImage(int width, int height, ExrChannel... channels) {
        this(width, height, Arrays.asList(channels));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The channels in the order given to the constructor. */
    public List<ExrChannel> channels() {
        return channels;
    }

    /** The channel called {@code name}, or null. */
    public ExrChannel channel(String name) {
        for (ExrChannel c : channels) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The channels in file order: sorted by the UTF-8 bytes of their names, compared unsigned (the C
     * {@code strcmp} order the format uses).
     */
    public List<ExrChannel> channelsInFileOrder() {
        List<ExrChannel> sorted = new ArrayList<>(channels);
        sorted.sort((a, b) -> compareNames(a.name(), b.name()));
        return Collections.unmodifiableList(sorted);
    }

    /** Byte-wise unsigned comparison of the UTF-8 encodings, the order OpenEXR sorts channel names in. */
    static int compareNames(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ExrImage[" + width + "x" + height + ", " + channels + "]";
    }
}
