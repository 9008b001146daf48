package org.facemat.media.exr;

/**
 * The compression methods of the OpenEXR format, with the code the {@code compression} attribute stores and the
 * number of scanlines per chunk. This package writes and reads {@link #NONE}, {@link #ZIPS} and {@link #ZIP}; the
 * others are listed so that a header of any file can be described.
 */
public enum ExrCompression {
    NONE(0, 1, true),
    RLE(1, 1, false),
    /** zlib, one scanline per chunk. */
    ZIPS(2, 1, true),
    /** zlib, 16 scanlines per chunk. */
    ZIP(3, 16, true),
    PIZ(4, 32, false),
    PXR24(5, 16, false),
    B44(6, 32, false),
    B44A(7, 32, false),
    DWAA(8, 32, false),
    DWAB(9, 256, false);

    private final int code;
    private final int linesPerChunk;
    private final boolean supported;

    ExrCompression(int code, int linesPerChunk, boolean supported) {
        this.code = code;
        this.linesPerChunk = linesPerChunk;
        this.supported = supported;
    }

    /** The byte stored in the {@code compression} attribute. */
    public int code() {
        return code;
    }

    /** Scanlines per chunk of a scanline file. */
    public int linesPerChunk() {
        return linesPerChunk;
    }

    /** Whether {@link ExrWriter} and {@link ExrReader} handle this method. */
    public boolean isSupported() {
        return supported;
    }

    /** The method for an attribute code, or null when the code is unknown. */
    public static ExrCompression fromCode(int code) {
        for (ExrCompression c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
