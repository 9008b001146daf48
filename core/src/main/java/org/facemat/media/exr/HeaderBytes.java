package org.facemat.media.exr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for building headers. */
final class HeaderBytes {

    private byte[] bytes = new byte[512];
    private int size;

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    HeaderBytes u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
        return this;
    }

    HeaderBytes i32(int v) {
        ensure(4);
        bytes[size++] = (byte) v;
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 24);
        return this;
    }

    HeaderBytes f32(float v) {
        return i32(Float.floatToRawIntBits(v));
    }

    HeaderBytes bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /** UTF-8 bytes followed by a NUL. */
    HeaderBytes cString(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8)).u8(0);
    }

    int size() {
        return size;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }
}
