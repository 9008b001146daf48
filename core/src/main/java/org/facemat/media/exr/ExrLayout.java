package org.facemat.media.exr;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The sizes a header implies (pixels, bytes per scanline, chunks, raw bytes) and the check that the file can hold
 * them, done before the reader allocates anything from the header. A header is only a claim: a 23 KB file may say
 * its data window is 46000x46000, and trusting that would allocate gigabytes before the first chunk is looked at.
 */
final class ExrLayout {

    /**
     * Deflate cannot shrink data by more than about 1032:1 (a 258-byte match in as little as 2 bits); with a margin,
     * a chunk of {@code s} stored bytes decompresses to at most {@code s * MAX_ZIP_RATIO + ZIP_SLACK} bytes.
     */
    static final long MAX_ZIP_RATIO = 1100;
    static final long ZIP_SLACK = 64;

    /** Bytes of a chunk before its data: the scanline number and the data size. */
    static final int CHUNK_HEADER = 8;

    final int width;
    final int height;
    final int lineBytes;
    final int linesPerChunk;
    final int chunks;
    /** The largest chunk's decompressed size. */
    final int chunkBytes;
    final long tableStart;
    final long tableEnd;

    private ExrLayout(int width, int height, int lineBytes, int linesPerChunk, int chunks, int chunkBytes,
            long tableStart) {
        this.width = width;
        this.height = height;
        this.lineBytes = lineBytes;
        this.linesPerChunk = linesPerChunk;
        this.chunks = chunks;
        this.chunkBytes = chunkBytes;
        this.tableStart = tableStart;
        this.tableEnd = tableStart + 8L * chunks;
    }

    /**
     * @param tableStart where the offset table starts (right after the header)
     * @throws ExrFormatException when this reader cannot read such a file, or the file is too small for what the
     *         header claims
     */
    static ExrLayout of(Path file, ExrHeader header, long tableStart, long fileSize) throws ExrFormatException {
        ExrCompression compression = header.compression();
        if (!compression.isSupported()) {
            throw new ExrFormatException(file, "compression " + compression
                    + " is not supported by this reader (NONE, ZIPS, ZIP)");
        }
        List<ExrChannelInfo> infos = header.channels();
        long bytesPerPixel = 0;
        int halves = 0;
        for (ExrChannelInfo c : infos) {
            if (c.xSampling() != 1 || c.ySampling() != 1) {
                throw new ExrFormatException(file, "channel '" + c.name() + "' is subsampled (" + c.xSampling() + "x"
                        + c.ySampling() + "), which this reader does not support");
            }
            bytesPerPixel += c.type().bytes();
            halves += c.type() == PixelType.HALF ? 1 : 0;
        }
        Box2i dw = header.dataWindow();
        long w = dw.width(); // both 1 .. 2^32 (the header checked min <= max)
        long h = dw.height();
        String window = "data window " + w + "x" + h;
        int lines = compression.linesPerChunk();
        long chunks = (h + lines - 1) / lines;
        long tableEnd = tableStart + 8 * chunks;
        if (tableEnd > fileSize) {
            throw new ExrFormatException(file, "the file ends inside the offset table (" + window + " needs "
                    + chunks + " chunk offsets, " + size(8 * chunks) + " from byte " + tableStart + ", but the file"
                    + " holds " + size(fileSize) + "): it is truncated");
        }
        // w, h <= 2^32 and bytesPerPixel < 2^31, so these cannot overflow a long
        long lineBytes = w * bytesPerPixel;
        long raw = saturatingProduct(lineBytes, h);
        String channels = infos.size() + (infos.size() == 1 ? " channel" : " channels")
                + (halves == infos.size() ? " of half" : halves == 0 ? " of 32 bits" : "");
        long least = tableEnd + CHUNK_HEADER * chunks
                + (compression == ExrCompression.NONE ? raw : raw / MAX_ZIP_RATIO);
        if (least < 0 || least > fileSize) {
            String whole = raw < fileSize && least > 0 ? " (" + size(least) + " with the header and the chunks' own"
                    + " headers)" : "";
            throw new ExrFormatException(file, window + " (" + channels + ") needs " + size(raw)
                    + " of pixel data" + whole + " but the file holds " + size(fileSize) + ": it is truncated");
        }
        // what fits in the file may still not fit this reader's arrays (one float array per channel)
        long chunkBytes = lineBytes * Math.min(lines, h);
        if (w * h > Integer.MAX_VALUE - 8 || chunkBytes > Integer.MAX_VALUE - 8) {
            throw new ExrFormatException(file, window + " is too large for this reader (at most 2^31 pixels per"
                    + " channel and 2 GB per chunk)");
        }
        return new ExrLayout((int) w, (int) h, (int) lineBytes, lines, (int) chunks, (int) chunkBytes, tableStart);
    }

    /** Scanlines in chunk {@code i}. */
    int linesIn(int i) {
        return (int) Math.min(linesPerChunk, height - (long) i * linesPerChunk);
    }

    private static long saturatingProduct(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /** A byte count for a message: {@code 294 bytes}, {@code 23 KB}, {@code 8.5 GB}. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        // 8.46 GB is "8.5 GB"; from 10 on the whole part alone, rounded down (23,677 bytes "hold 23 KB")
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : Long.toString((long) v)) + " " + units[u];
    }
}
