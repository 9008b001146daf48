package org.facemat.media.exr;

/** An OpenEXR channel's sample type, with the code the file stores. */
public enum PixelType {
    /** 32-bit unsigned integer. Read only: the writer takes float data and does not write it. */
    UINT(0, 4),
    /** 16-bit IEEE 754 half float (1 sign, 5 exponent, 10 mantissa bits). */
    HALF(1, 2),
    /** 32-bit IEEE 754 float. */
    FLOAT(2, 4);

    private final int code;
    private final int bytes;

    PixelType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The value stored in the channel list. */
    public int code() {
        return code;
    }

    /** Bytes per sample in the pixel data. */
    public int bytes() {
        return bytes;
    }

    /** The type for a channel-list code, or null when the code is unknown. */
    public static PixelType fromCode(int code) {
        for (PixelType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
