package org.facemat.media.exr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facemat.media.Timecode;

/**
 * The header of a single-part scanline OpenEXR file: every attribute (name, type, raw value) in file order, with
 * typed accessors for the required attributes and the common optional ones.
 */
public final class ExrHeader {

    /** Version-field flag: names longer than 31 bytes may occur. */
    public static final int FLAG_LONG_NAMES = 0x400;

    private final int versionField;
    private final Map<String, ExrAttribute> attributes;
    private final List<ExrChannelInfo> channels;
    private final ExrCompression compression;
    private final Box2i dataWindow;
    private final Box2i displayWindow;
    private final int lineOrder;

    /**
     * @param versionField the 32-bit version field (format version in the low byte, flags above)
     * @param attributes the attributes in file order
     * @throws IllegalArgumentException when a required attribute is missing or malformed
     */
    ExrHeader(int versionField, Map<String, ExrAttribute> attributes) {
        this.versionField = versionField;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.channels = parseChannels(required("channels", "chlist"));
        int code = required("compression", "compression").asUnsignedByte("compression");
        this.compression = ExrCompression.fromCode(code);
        if (compression == null) {
            throw new IllegalArgumentException("unknown compression code " + code);
        }
        this.dataWindow = required("dataWindow", "box2i").asBox2i();
        this.displayWindow = required("displayWindow", "box2i").asBox2i();
        checkWindow("dataWindow", dataWindow);
        checkWindow("displayWindow", displayWindow);
        this.lineOrder = required("lineOrder", "lineOrder").asUnsignedByte("lineOrder");
        if (lineOrder > 2) {
            throw new IllegalArgumentException("unknown lineOrder " + lineOrder);
        }
        required("pixelAspectRatio", "float").asFloat();
        required("screenWindowCenter", "v2f").asV2f();
        required("screenWindowWidth", "float").asFloat();
        // optional attributes this package reads must be well formed too
        framesPerSecond();
        timeCode();
        chromaticities();
    }

    private ExrAttribute required(String name, String type) {
        ExrAttribute a = attributes.get(name);
        if (a == null) {
            throw new IllegalArgumentException("required attribute '" + name + "' is missing");
        }
        if (!a.type().equals(type)) {
            throw new IllegalArgumentException("attribute '" + name + "' has type " + a.type() + ", not " + type);
        }
        return a;
    }

    private static void checkWindow(String name, Box2i box) {
        if (box.xMax() < box.xMin() || box.yMax() < box.yMin()) {
            throw new IllegalArgumentException(name + " is empty: " + box);
        }
    }

    private static List<ExrChannelInfo> parseChannels(ExrAttribute chlist) {
        byte[] v = chlist.value();
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        List<ExrChannelInfo> list = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int p = 0;
        while (true) {
            int end = p;
            while (end < v.length && v[end] != 0) {
                end++;
            }
            if (end >= v.length) {
                throw new IllegalArgumentException("the channel list is not terminated");
            }
            if (end == p) {
                break; // an empty name ends the list
            }
            String name = new String(v, p, end - p, StandardCharsets.UTF_8);
            ExrChannel.checkName(name); // what read() will build its channels with
            if (!names.add(name)) {
                throw new IllegalArgumentException("channel '" + name + "' is listed twice");
            }
            p = end + 1;
            if (v.length - p < 16) {
                throw new IllegalArgumentException("channel list entry '" + name + "' is cut short");
            }
            int code = b.getInt(p);
            PixelType type = PixelType.fromCode(code);
            if (type == null) {
                throw new IllegalArgumentException("channel '" + name + "' has unknown pixel type " + code);
            }
            boolean pLinear = v[p + 4] != 0;
            int xs = b.getInt(p + 8);
            int ys = b.getInt(p + 12);
            p += 16;
            list.add(new ExrChannelInfo(name, type, pLinear, xs, ys));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("the channel list is empty");
        }
        return Collections.unmodifiableList(list);
    }

    /** The version field: format version (2) in the low byte, flags above. */
    public int versionField() {
        return versionField;
    }

    /** Every attribute, in file order. */
    public Map<String, ExrAttribute> attributes() {
        return attributes;
    }

    public Optional<ExrAttribute> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The channel list, in file order (sorted by name). */
    public List<ExrChannelInfo> channels() {
        return channels;
    }

    /** The channel names, in file order. */
    public List<String> channelNames() {
        return channels.stream().map(ExrChannelInfo::name).toList();
    }

    public ExrCompression compression() {
        return compression;
    }

    public Box2i dataWindow() {
        return dataWindow;
    }

    public Box2i displayWindow() {
        return displayWindow;
    }

    /** 0 increasing y, 1 decreasing y, 2 random y. */
    public int lineOrder() {
        return lineOrder;
    }

    /** Data-window width. */
    public long width() {
        return dataWindow.width();
    }

    /** Data-window height. */
    public long height() {
        return dataWindow.height();
    }

    public float pixelAspectRatio() {
        return attributes.get("pixelAspectRatio").asFloat();
    }

    /** {x, y}. */
    public float[] screenWindowCenter() {
        return attributes.get("screenWindowCenter").asV2f();
    }

    public float screenWindowWidth() {
        return attributes.get("screenWindowWidth").asFloat();
    }

    /** The {@code framesPerSecond} attribute, if present. */
    public Optional<Rational> framesPerSecond() {
        return attribute("framesPerSecond").map(ExrAttribute::asRational);
    }

    /** The {@code timeCode} attribute, if present. */
    public Optional<Timecode> timeCode() {
        return attribute("timeCode").map(ExrAttribute::asTimeCode);
    }

    /** The {@code chromaticities} attribute, if present. */
    public Optional<Chromaticities> chromaticities() {
        return attribute("chromaticities").map(ExrAttribute::asChromaticities);
    }

    /** A {@code string} attribute, if present. */
    public Optional<String> string(String name) {
        return attribute(name).map(ExrAttribute::asString);
    }

    @Override
    public String toString() {
        return "ExrHeader[" + dataWindow + ", " + compression + ", " + channelNames() + ", " + attributes.keySet()
                + "]";
    }
}
