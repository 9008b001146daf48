package org.facemat.media.exr;

/**
 * The reversible transform OpenEXR applies to a chunk before and after zlib in ZIP and ZIPS compression: the bytes
 * are split into two halves (bytes at even offsets first, then bytes at odd offsets), then each byte after the first
 * is replaced by its difference to the previous byte plus 128, modulo 256.
 */
final class ZipPredictor {

    private ZipPredictor() {
    }

    /** Transforms {@code src[srcOff .. srcOff+n)} into {@code dst[0 .. n)}. */
    static void encode(byte[] src, int srcOff, int n, byte[] dst) {
        int odd = (n + 1) >>> 1;
        int j = 0;
        int i = srcOff;
        int end = srcOff + n - 1;
        for (; i < end; i += 2, j++) {
            dst[j] = src[i];
            dst[odd + j] = src[i + 1];
        }
        if (i == end) {
            dst[j] = src[i];
        }
        differences(dst, n);
    }

    /** The second step of {@link #encode} on its own, in place: bytes already split into even and odd halves. */
    static void differences(byte[] dst, int n) {
        int previous = dst[0];
        for (int k = 1; k < n; k++) {
            int current = dst[k];
            dst[k] = (byte) (current - previous + 128);
            previous = current;
        }
    }

    /**
     * Undoes {@link #encode}: transforms {@code src[0 .. n)} in place, then writes the bytes to
     * {@code dst[dstOff ..)}.
     */
    static void decode(byte[] src, int n, byte[] dst, int dstOff) {
        for (int k = 1; k < n; k++) {
            src[k] = (byte) (src[k - 1] + src[k] - 128);
        }
        int odd = (n + 1) >>> 1;
        int j = 0;
        int i = dstOff;
        int end = dstOff + n - 1;
        for (; i < end; i += 2, j++) {
            dst[i] = src[j];
            dst[i + 1] = src[odd + j];
        }
        if (i == end) {
            dst[i] = src[j];
        }
    }
}
