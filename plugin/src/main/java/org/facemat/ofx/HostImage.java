package org.facemat.ofx;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * An image the host lent for one action: its bounds (pixel coordinates, origin bottom left), signed row stride,
 * depth and components, read and written a row at a time as floats on the [0,1] scale of its depth. The host may
 * hand out negative strides and bounds that do not start at 0.
 */
final class HostImage implements AutoCloseable {
    enum Depth {
        BYTE(1), SHORT(2), FLOAT(4);

        final int bytes;

        Depth(int bytes) {
            this.bytes = bytes;
        }
    }

    private final HostSuites host;
    private final Pointer handle;
    final int x1;
    final int y1;
    final int x2;
    final int y2;
    final int components;
    final Depth depth;
    private final int rowBytes;
    private final ByteBuffer bytes;
    private final ShortBuffer shorts;
    private final FloatBuffer floats;
    private short[] shortRow = new short[0];
    private byte[] byteRow = new byte[0];

    private HostImage(HostSuites host, Pointer handle) throws OfxFailure {
        this.host = host;
        this.handle = handle;
        Props p = host.props(handle);
        int[] b = p.getInts(OfxNames.IMAGE_BOUNDS, 4);
        Pointer data = p.getPointer(OfxNames.IMAGE_DATA, 0);
        if (b == null || data == null) {
            close();
            throw new OfxFailure("the host's image has no bounds or no data");
        }
        x1 = b[0];
        y1 = b[1];
        x2 = b[2];
        y2 = b[3];
        rowBytes = p.getInt(OfxNames.IMAGE_ROW_BYTES, 0, 0);
        components = switch (p.getString(OfxNames.COMPONENTS, 0, "")) {
            case OfxNames.COMPONENT_RGBA -> 4;
            case OfxNames.COMPONENT_RGB -> 3;
            case OfxNames.COMPONENT_ALPHA -> 1;
            default -> 0;
        };
        depth = switch (p.getString(OfxNames.PIXEL_DEPTH, 0, "")) {
            case OfxNames.DEPTH_BYTE -> Depth.BYTE;
            case OfxNames.DEPTH_SHORT -> Depth.SHORT;
            case OfxNames.DEPTH_FLOAT -> Depth.FLOAT;
            default -> null;
        };
        if (components == 0 || depth == null || width() <= 0 || height() <= 0
                || Math.abs((long) rowBytes) < (long) width() * components * depth.bytes) {
            close();
            throw new OfxFailure("unsupported image from the host: " + p.getString(OfxNames.COMPONENTS, 0, "?") + " "
                    + p.getString(OfxNames.PIXEL_DEPTH, 0, "?") + ", " + width() + "x" + height() + ", row bytes "
                    + rowBytes);
        }
        // one view over all rows, starting at the lowest address (the top row when the stride is negative)
        long span = (long) Math.abs(rowBytes) * height();
        Pointer lowest = rowBytes < 0 ? data.share((long) (height() - 1) * rowBytes) : data;
        bytes = lowest.getByteBuffer(0, span).order(ByteOrder.nativeOrder());
        shorts = bytes.asShortBuffer();
        floats = bytes.asFloatBuffer();
    }

    /** The image of {@code clip} at {@code time}, or null when the host has none (e.g. an unconnected clip). */
    static HostImage fetch(HostSuites host, Pointer clip, double time) throws OfxFailure {
        PointerByReference out = new PointerByReference();
        if (host.effects.clipGetImage.invoke(clip, time, null, out) != OfxStatus.OK || out.getValue() == null) {
            return null;
        }
        return new HostImage(host, out.getValue());
    }

    int width() {
        return x2 - x1;
    }

    int height() {
        return y2 - y1;
    }

    boolean containsRow(int y) {
        return y >= y1 && y < y2;
    }

    private int rowStart(int y) {
        int offset = (y - y1) * rowBytes;
        return rowBytes < 0 ? offset + (height() - 1) * -rowBytes : offset;
    }

    /** Row {@code y} (image coordinates), all components interleaved, as floats (integers scaled to [0,1]). */
    void readRow(int y, float[] row) {
        int n = width() * components;
        int start = rowStart(y);
        switch (depth) {
            case FLOAT -> floats.get(start / 4, row, 0, n);
            case SHORT -> {
                if (shortRow.length < n) {
                    shortRow = new short[n];
                }
                shorts.get(start / 2, shortRow, 0, n);
                for (int i = 0; i < n; i++) {
                    row[i] = (shortRow[i] & 0xFFFF) / 65535f;
                }
            }
            case BYTE -> {
                if (byteRow.length < n) {
                    byteRow = new byte[n];
                }
                bytes.get(start, byteRow, 0, n);
                for (int i = 0; i < n; i++) {
                    row[i] = (byteRow[i] & 0xFF) / 255f;
                }
            }
        }
    }

    /** Writes row {@code y} from floats on the [0,1] scale (rounded and clamped for integer depths). */
    void writeRow(int y, float[] row) {
        int n = width() * components;
        int start = rowStart(y);
        switch (depth) {
            case FLOAT -> floats.put(start / 4, row, 0, n);
            case SHORT -> {
                if (shortRow.length < n) {
                    shortRow = new short[n];
                }
                for (int i = 0; i < n; i++) {
                    shortRow[i] = (short) Math.round(clamp01(row[i]) * 65535f);
                }
                shorts.put(start / 2, shortRow, 0, n);
            }
            case BYTE -> {
                if (byteRow.length < n) {
                    byteRow = new byte[n];
                }
                for (int i = 0; i < n; i++) {
                    byteRow[i] = (byte) Math.round(clamp01(row[i]) * 255f);
                }
                bytes.put(start, byteRow, 0, n);
            }
        }
    }

    static float clamp01(float v) {
        return v > 0f ? (v < 1f ? v : 1f) : 0f; // NaN -> 0
    }

    @Override
    public void close() {
        host.effects.clipReleaseImage.invoke(handle);
    }
}
