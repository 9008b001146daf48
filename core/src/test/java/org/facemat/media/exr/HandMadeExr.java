package org.facemat.media.exr;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Builds EXR files byte by byte, so that tests can say anything in a header, true or not: a data window larger than
 * the file, a channel listed twice, a compression code no one knows.
 */
final class HandMadeExr {

    private final Map<String, ExrAttribute> attributes = new LinkedHashMap<>();
    private final ByteArrayOutputStream channels = new ByteArrayOutputStream();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** A valid header for a {@code width} x {@code height} image with the given compression code. */
    HandMadeExr(long width, long height, int compression) {
        window(0, 0, (int) (width - 1), (int) (height - 1));
        attributes.put("compression", new ExrAttribute("compression", "compression", new byte[] {(byte) compression}));
        attributes.put("lineOrder", new ExrAttribute("lineOrder", "lineOrder", new byte[] {0}));
        attributes.put("pixelAspectRatio", ExrAttribute.floatValue("pixelAspectRatio", 1f));
        attributes.put("screenWindowCenter", ExrAttribute.v2f("screenWindowCenter", 0f, 0f));
        attributes.put("screenWindowWidth", ExrAttribute.floatValue("screenWindowWidth", 1f));
    }

    HandMadeExr window(int xMin, int yMin, int xMax, int yMax) {
        Box2i box = new Box2i(xMin, yMin, xMax, yMax);
        attributes.put("dataWindow", ExrAttribute.box2i("dataWindow", box));
        attributes.put("displayWindow", ExrAttribute.box2i("displayWindow", box));
        return this;
    }

    HandMadeExr channel(String name, PixelType type) {
        return channel(name, type.code(), 1, 1);
    }

    HandMadeExr channel(String name, int typeCode, int xSampling, int ySampling) {
        channels.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        channels.write(0);
        channels.writeBytes(le(16).putInt(typeCode).putInt(0).putInt(xSampling).putInt(ySampling).array());
        return this;
    }

    /** Offset-table entries, then chunks, as the caller lays them out after the header. */
    HandMadeExr offsets(long... offsets) {
        for (long o : offsets) {
            body.writeBytes(le(8).putLong(o).array());
        }
        return this;
    }

    HandMadeExr chunk(int y, byte[] data) {
        return chunk(y, data.length, data);
    }

    /** A chunk whose size field says {@code claimedSize}, followed by {@code data}. */
    HandMadeExr chunk(int y, int claimedSize, byte[] data) {
        body.writeBytes(le(8).putInt(y).putInt(claimedSize).array());
        body.writeBytes(data);
        return this;
    }

    HandMadeExr zeros(int n) {
        body.writeBytes(new byte[n]);
        return this;
    }

    /** The header's size in bytes: where the offset table starts. */
    int headerSize() {
        return header().length;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** The file padded with zeros to {@code size} bytes. */
    byte[] bytes(int size) {
        byte[] b = bytes();
        return java.util.Arrays.copyOf(b, Math.max(size, b.length));
    }

    private byte[] header() {
        HeaderBytes h = new HeaderBytes();
        h.i32(ExrWriter.MAGIC).i32(2);
        byte[] chlist = channels.toByteArray();
        byte[] list = java.util.Arrays.copyOf(chlist, chlist.length + 1);
        h.cString("channels").cString("chlist").i32(list.length).bytes(list);
        for (ExrAttribute a : attributes.values()) {
            h.cString(a.name()).cString(a.type()).i32(a.value().length).bytes(a.value());
        }
        return h.u8(0).toArray();
    }

    /** zlib data for {@code raw} (the predictor is not applied: tests only care about sizes). */
    static byte[] zlib(byte[] raw) {
        Deflater d = new Deflater(9);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!d.finished()) {
            out.write(buffer, 0, d.deflate(buffer));
        }
        d.end();
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter), or -1 where the JVM has none. */
    static long allocatedByThisThread() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
