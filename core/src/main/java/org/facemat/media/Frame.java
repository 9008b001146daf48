package org.facemat.media;

/**
 * One decoded picture as planar float RGB: the R plane, then the G plane, then the B plane, each row-major
 * {@code height x width}, in the source's own encoding: integer formats as code / (2^bits - 1) in [0, 1], float
 * formats (OpenEXR) as stored, unclamped. {@link #sceneLinear()} says which the source is by default taken for; the
 * network's input is made from this by {@link ColorSpace#toNetwork}.
 *
 * <p>A {@link FrameSource} reuses one {@code Frame} and its array for every frame it returns, so decoding does not
 * allocate: the contents are valid until the next {@code read}/{@code next} call on that source. Use {@link #copy()}
 * to keep a frame.
 */
public final class Frame {
    private final int width;
    private final int height;
    private final float[] rgb;
    private long number;
    private boolean sceneLinear;

    /** A black frame of the given size, numbered 0. */
    public Frame(int width, int height) {
        this(0, width, height, new float[3 * checkedArea(width, height)]);
    }

    /** Wraps {@code rgb} (length {@code 3 * width * height}, planar R, G, B) without copying. */
    public Frame(long number, int width, int height, float[] rgb) {
        int area = checkedArea(width, height);
        if (rgb.length != 3 * area) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " values, a " + width + "x" + height
                    + " frame needs " + 3 * area);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.number = number;
    }

    /** Wraps {@code rgb} as {@link #Frame(long, int, int, float[])}, with the source's {@link #sceneLinear()} flag. */
    public Frame(long number, int width, int height, float[] rgb, boolean sceneLinear) {
        this(number, width, height, rgb);
        this.sceneLinear = sceneLinear;
    }

    private static int checkedArea(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad frame size " + width + "x" + height);
        }
        long area = (long) width * height;
        if (3 * area > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("frame too large: " + width + "x" + height);
        }
        return (int) area;
    }

    /** The frame number: presentation index for movies (from 0), the file's number for image sequences. */
    public long number() {
        return number;
    }

    void number(long n) {
        this.number = n;
    }

    /**
     * True when the values are scene-linear floats (an OpenEXR source): what {@code --colorspace auto} takes as
     * {@link ColorSpace#LINEAR}; false for everything else ({@link ColorSpace#SRGB}).
     */
    public boolean sceneLinear() {
        return sceneLinear;
    }

    void sceneLinear(boolean b) {
        this.sceneLinear = b;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The planar R, G, B values (the backing array, not a copy). */
    public float[] rgb() {
        return rgb;
    }

    /** Index in {@link #rgb()} where plane {@code c} (0 = R, 1 = G, 2 = B) starts. */
    public int planeOffset(int c) {
        if (c < 0 || c > 2) {
            throw new IndexOutOfBoundsException("plane " + c);
        }
        return c * width * height;
    }

    /** The value of channel {@code c} (0 = R, 1 = G, 2 = B) at column {@code x}, row {@code y}. */
    public float get(int c, int x, int y) {
        return rgb[planeOffset(c) + y * width + x];
    }

    /** A deep copy that the source will not overwrite. */
    public Frame copy() {
        return new Frame(number, width, height, rgb.clone(), sceneLinear);
    }
}
