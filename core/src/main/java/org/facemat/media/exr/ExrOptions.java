package org.facemat.media.exr;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.facemat.media.Timecode;

/**
 * How {@link ExrWriter} writes a file: compression, zlib level, optional attributes. Immutable; the {@code with...}
 * methods return changed copies.
 *
 * <pre>{@code
 * ExrOptions options = ExrOptions.defaults()
 *         .withFramesPerSecond(new Rational(24000, 1001))
 *         .withTimeCode(Timecode.parse("01:00:00:00"))
 *         .withString("facemat/model", "facemat-init");
 * }</pre>
 */
public final class ExrOptions {

    /**
     * Default zlib level for ZIP and ZIPS. Level 1 writes a 1920x1080 matte + uncertainty frame (half) about 1.5 to
     * 2 times faster than level 6, for a file 4 to 19 % larger; see docs/formats.md.
     */
    public static final int DEFAULT_ZIP_LEVEL = 1;

    /** Attributes the writer sets itself; they cannot be given. */
    static final Set<String> RESERVED = Set.of("channels", "compression", "dataWindow", "displayWindow", "lineOrder",
            "pixelAspectRatio", "screenWindowCenter", "screenWindowWidth", "tiles", "type", "name", "version",
            "chunkCount", "maxSamplesPerPixel");

    private static final Map<String, String> TYPED = Map.of("framesPerSecond", "rational", "timeCode", "timecode",
            "chromaticities", "chromaticities");

    private static final ExrOptions DEFAULTS =
            new ExrOptions(ExrCompression.ZIP, DEFAULT_ZIP_LEVEL, false, Collections.emptyMap());

    private final ExrCompression compression;
    private final int zipLevel;
    private final boolean fsync;
    private final Map<String, ExrAttribute> attributes;

    private ExrOptions(ExrCompression compression, int zipLevel, boolean fsync, Map<String, ExrAttribute> attributes) {
        this.compression = compression;
        this.zipLevel = zipLevel;
        this.fsync = fsync;
        this.attributes = attributes;
    }

    /** ZIP compression at {@link #DEFAULT_ZIP_LEVEL}, no optional attribute, no fsync. */
    public static ExrOptions defaults() {
        return DEFAULTS;
    }

    /** NONE, ZIPS or ZIP. */
    public ExrOptions withCompression(ExrCompression compression) {
        Objects.requireNonNull(compression, "compression");
        if (!compression.isSupported()) {
            throw new IllegalArgumentException("compression " + compression + " is not supported by the writer "
                    + "(use NONE, ZIPS or ZIP)");
        }
        return new ExrOptions(compression, zipLevel, fsync, attributes);
    }

    /** zlib level 1 (fastest) .. 9 (smallest) for ZIP and ZIPS. */
    public ExrOptions withZipLevel(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("zip level must be 1..9: " + level);
        }
        return new ExrOptions(compression, level, fsync, attributes);
    }

    /**
     * Whether to force the data to the storage device before the file is renamed into place (safer against power
     * loss, slower). Off by default.
     */
    public ExrOptions withFsync(boolean fsync) {
        return new ExrOptions(compression, zipLevel, fsync, attributes);
    }

    /** The {@code framesPerSecond} attribute (type rational), e.g. 24/1 or 24000/1001. */
    public ExrOptions withFramesPerSecond(Rational fps) {
        return withAttribute(ExrAttribute.rational("framesPerSecond", fps));
    }

    /** The {@code timeCode} attribute (type timecode) of the frame. */
    public ExrOptions withTimeCode(Timecode timeCode) {
        return withAttribute(ExrAttribute.timeCode("timeCode", timeCode));
    }

    /** The {@code chromaticities} attribute of the RGB data. */
    public ExrOptions withChromaticities(Chromaticities chromaticities) {
        return withAttribute(ExrAttribute.chromaticities("chromaticities", chromaticities));
    }

    /** A free {@code string} attribute, e.g. {@code comments} or {@code facemat/model}. */
    public ExrOptions withString(String name, String value) {
        return withAttribute(ExrAttribute.string(name, value));
    }

    /**
     * Any attribute; replaces one of the same name.
     *
     * @throws IllegalArgumentException for an attribute the writer sets itself (channels, compression, windows,
     *         lineOrder, ...) or a standard attribute with the wrong type
     */
    public ExrOptions withAttribute(ExrAttribute attribute) {
        Objects.requireNonNull(attribute, "attribute");
        if (RESERVED.contains(attribute.name())) {
            throw new IllegalArgumentException("attribute '" + attribute.name() + "' is set by the writer");
        }
        String expected = TYPED.get(attribute.name());
        if (expected != null && !expected.equals(attribute.type())) {
            throw new IllegalArgumentException("attribute '" + attribute.name() + "' must have type " + expected
                    + ", not " + attribute.type());
        }
        Map<String, ExrAttribute> copy = new TreeMap<>(ExrImage::compareNames);
        copy.putAll(attributes);
        copy.put(attribute.name(), attribute);
        return new ExrOptions(compression, zipLevel, fsync, Collections.unmodifiableMap(copy));
    }

    /** A copy without the attribute called {@code name}. */
    public ExrOptions withoutAttribute(String name) {
        Map<String, ExrAttribute> copy = new TreeMap<>(ExrImage::compareNames);
        copy.putAll(attributes);
        copy.remove(name);
        return new ExrOptions(compression, zipLevel, fsync, Collections.unmodifiableMap(copy));
    }

    public ExrCompression compression() {
        return compression;
    }

    public int zipLevel() {
        return zipLevel;
    }

    public boolean fsync() {
        return fsync;
    }

    /** The optional attributes, sorted by name. */
    public Map<String, ExrAttribute> attributes() {
        return attributes;
    }

    public Optional<Rational> framesPerSecond() {
        return Optional.ofNullable(attributes.get("framesPerSecond")).map(ExrAttribute::asRational);
    }

    public Optional<Timecode> timeCode() {
        return Optional.ofNullable(attributes.get("timeCode")).map(ExrAttribute::asTimeCode);
    }

    @Override
    public String toString() {
        return "ExrOptions[" + compression + (compression == ExrCompression.NONE ? "" : " level " + zipLevel)
                + (fsync ? ", fsync" : "") + ", " + attributes.values() + "]";
    }
}
