package org.facemat.media.exr;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.facemat.io.AtomicFile;

/**
 * Writes single-part scanline OpenEXR files (format version 2): data window = display window = (0,0)-(W-1,H-1),
 * increasing-y line order, pixel aspect ratio 1, screen window centre (0,0) and width 1; any named HALF or FLOAT
 * channels, stored sorted by name; NONE, ZIPS or ZIP compression.
 *
 * <p>A file is written to a temporary file beside the target ({@link AtomicFile}'s rule) and then renamed over
 * the target, atomically where the file system allows; a reader never sees a partial file and a failed write leaves
 * an existing target as it was.
 *
 * <p>One writer keeps its zlib stream and chunk buffers between files; it is not thread-safe (use one per thread) and
 * should be closed to free the zlib memory at once.
 */
public final class ExrWriter implements AutoCloseable {

    /** The first four bytes of every OpenEXR file, read as a little-endian int. */
    static final int MAGIC = 20000630;
    /** Bytes before each chunk's pixel data: its first y and its data size. */
    private static final int CHUNK_PREFIX = 8;

    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Opens the temporary file; replaced in tests to simulate failing storage. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path path) throws IOException;
    }

    private final ChannelOpener opener;
    private Deflater deflater;
    private int deflaterLevel = -1;
    private byte[] raw = new byte[0];
    private byte[] predicted = new byte[0];
    private byte[] packed = new byte[0];

    public ExrWriter() {
        this(path -> FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS));
    }

    ExrWriter(ChannelOpener opener) {
        this.opener = opener;
    }

    /**
     * Writes {@code image} to {@code out}, replacing an existing file.
     *
     * @throws IllegalArgumentException when the image cannot be written with these options (a UINT channel, an
     *         image too large for the chunk buffers)
     * @throws IOException with a one-line message naming {@code out} and the problem; no temporary file is left
     */
    public void write(ExrImage image, ExrOptions options, Path out) throws IOException {
        List<ExrChannel> channels = image.channelsInFileOrder();
        for (ExrChannel c : channels) {
            if (c.type() != PixelType.HALF && c.type() != PixelType.FLOAT) {
                throw new IllegalArgumentException("channel '" + c.name() + "' has type " + c.type()
                        + "; the writer stores HALF or FLOAT");
            }
        }
        ExrCompression compression = options.compression();
        int lines = compression.linesPerChunk();
        int bytesPerPixel = 0;
        for (ExrChannel c : channels) {
            bytesPerPixel += c.type().bytes();
        }
        long maxChunk = (long) image.width() * bytesPerPixel * lines;
        if (maxChunk > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("scanlines too long for one chunk: " + image.width() + " pixels x "
                    + bytesPerPixel + " bytes x " + lines + " lines");
        }
        byte[] header = header(image, channels, options);
        int chunks = (image.height() + lines - 1) / lines;
        ensureBuffers((int) maxChunk, compression != ExrCompression.NONE);

        Path target = out.toAbsolutePath();
        if (target.getParent() == null || target.getFileName() == null) {
            throw new IOException("Cannot write EXR file " + out + ": not a file path");
        }
        String step = "creating a temporary file in " + target.getParent();
        AtomicFile file = null;
        boolean done = false;
        try {
            file = new AtomicFile(target);
            FileChannel ch = opener.open(file.temp());
            step = "writing";
            try (FileChannel channel = ch) {
                writeAll(channel, header, header.length);
                long tableStart = header.length;
                long position = tableStart + 8L * chunks;
                channel.position(position);
                long[] offsets = new long[chunks];
                for (int i = 0; i < chunks; i++) {
                    int y0 = i * lines;
                    int n = Math.min(lines, image.height() - y0);
                    offsets[i] = position;
                    position += writeChunk(channel, image, channels, compression, options.zipLevel(), y0, n);
                }
                ByteBuffer table = ByteBuffer.allocate(8 * chunks).order(ByteOrder.LITTLE_ENDIAN);
                for (long offset : offsets) {
                    table.putLong(offset);
                }
                table.flip();
                channel.position(tableStart);
                while (table.hasRemaining()) {
                    channel.write(table);
                }
                if (options.fsync()) {
                    channel.force(true);
                }
            }
            step = "renaming " + file.temp().getFileName() + " into place";
            file.commit();
            done = true;
        } catch (IOException e) {
            throw new IOException("Cannot write EXR file " + target + ": " + reason(e) + " (" + step + ")", e);
        } finally {
            if (!done && file != null) {
                file.abort();
            }
        }
    }

    /** Releases the zlib stream. The writer can still be used afterwards (a new stream is made). */
    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
            deflaterLevel = -1;
        }
    }

    private void ensureBuffers(int chunkBytes, boolean zip) {
        if (raw.length < CHUNK_PREFIX + chunkBytes) {
            raw = new byte[CHUNK_PREFIX + chunkBytes];
        }
        if (zip && predicted.length < chunkBytes) {
            predicted = new byte[chunkBytes];
            packed = new byte[CHUNK_PREFIX + chunkBytes];
        }
    }

    /** Encodes and writes scanlines {@code y0 .. y0+n-1}; returns the bytes written. */
    private int writeChunk(FileChannel channel, ExrImage image, List<ExrChannel> channels,
            ExrCompression compression, int level, int y0, int n) throws IOException {
        byte[] chunk = raw;
        int size;
        int dataSize;
        if (compression == ExrCompression.NONE) {
            size = fillRaw(image, channels, y0, n);
            dataSize = size;
        } else {
            size = fillSplit(image, channels, y0, n);
            int zipped = deflate(size, level);
            if (zipped >= 0) { // stored only when smaller: a chunk as large as its raw data is read as raw
                chunk = packed;
                dataSize = zipped;
            } else {
                fillRaw(image, channels, y0, n);
                dataSize = size;
            }
        }
        INT_LE.set(chunk, 0, y0);
        INT_LE.set(chunk, 4, dataSize);
        writeAll(channel, chunk, CHUNK_PREFIX + dataSize);
        return CHUNK_PREFIX + dataSize;
    }

    /** Lays out scanlines y0 .. y0+n-1 in {@code raw} after the chunk prefix; returns the data size. */
    private int fillRaw(ExrImage image, List<ExrChannel> channels, int y0, int n) {
        int width = image.width();
        byte[] b = raw;
        int p = CHUNK_PREFIX;
        for (int y = y0; y < y0 + n; y++) {
            int row = y * width;
            for (ExrChannel c : channels) {
                float[] v = c.values();
                if (c.type() == PixelType.HALF) {
                    for (int x = row, end = row + width; x < end; x++, p += 2) {
                        SHORT_LE.set(b, p, Half.fromFloat(v[x]));
                    }
                } else {
                    for (int x = row, end = row + width; x < end; x++, p += 4) {
                        INT_LE.set(b, p, Float.floatToRawIntBits(v[x]));
                    }
                }
            }
        }
        return p - CHUNK_PREFIX;
    }

    /**
     * Lays out scanlines y0 .. y0+n-1 straight into {@code predicted} in the byte order of the ZIP predictor (bytes at
     * even offsets of the raw layout first, then those at odd offsets), then applies its differences: one pass over
     * the pixels instead of writing the raw layout and reordering it. Returns the data size.
     */
    private int fillSplit(ExrImage image, List<ExrChannel> channels, int y0, int n) {
        int width = image.width();
        int size = 0;
        for (ExrChannel c : channels) {
            size += width * n * (c.type() == PixelType.HALF ? 2 : 4);
        }
        byte[] d = predicted;
        int even = 0; // next slot for a byte at an even raw offset; every value starts at an even offset
        int odd = (size + 1) >>> 1;
        for (int y = y0; y < y0 + n; y++) {
            int row = y * width;
            for (ExrChannel c : channels) {
                float[] v = c.values();
                if (c.type() == PixelType.HALF) {
                    for (int x = row, end = row + width; x < end; x++) {
                        short h = Half.fromFloat(v[x]);
                        d[even++] = (byte) h;
                        d[odd++] = (byte) (h >>> 8);
                    }
                } else {
                    for (int x = row, end = row + width; x < end; x++) {
                        int bits = Float.floatToRawIntBits(v[x]);
                        d[even++] = (byte) bits;
                        d[odd++] = (byte) (bits >>> 8);
                        d[even++] = (byte) (bits >>> 16);
                        d[odd++] = (byte) (bits >>> 24);
                    }
                }
            }
        }
        ZipPredictor.differences(d, size);
        return size;
    }

    /** zlib of the predicted chunk into {@code packed}; the packed size, or -1 when not smaller than raw. */
    private int deflate(int size, int level) {
        if (deflater == null) {
            deflater = new Deflater(level);
            deflaterLevel = level;
        } else {
            deflater.reset();
            if (level != deflaterLevel) {
                deflater.setLevel(level);
                deflaterLevel = level;
            }
        }
        deflater.setInput(predicted, 0, size);
        deflater.finish();
        int written = 0;
        while (!deflater.finished() && written < size) {
            written += deflater.deflate(packed, CHUNK_PREFIX + written, size - written);
        }
        return deflater.finished() && written < size ? written : -1;
    }

    private static void writeAll(FileChannel channel, byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Magic number, version field and the header attributes sorted by name, then the terminating NUL. */
    private static byte[] header(ExrImage image, List<ExrChannel> channels, ExrOptions options) {
        Map<String, ExrAttribute> attributes = new TreeMap<>(ExrImage::compareNames);
        attributes.putAll(options.attributes());

        HeaderBytes chlist = new HeaderBytes();
        for (ExrChannel c : channels) {
            chlist.cString(c.name()).i32(c.type().code()).u8(0).u8(0).u8(0).u8(0).i32(1).i32(1);
        }
        chlist.u8(0);
        Box2i window = new Box2i(0, 0, image.width() - 1, image.height() - 1);
        put(attributes, new ExrAttribute("channels", "chlist", chlist.toArray()));
        put(attributes, new ExrAttribute("compression", "compression",
                new byte[] {(byte) options.compression().code()}));
        put(attributes, ExrAttribute.box2i("dataWindow", window));
        put(attributes, ExrAttribute.box2i("displayWindow", window));
        put(attributes, new ExrAttribute("lineOrder", "lineOrder", new byte[] {0}));
        put(attributes, ExrAttribute.floatValue("pixelAspectRatio", 1f));
        put(attributes, ExrAttribute.v2f("screenWindowCenter", 0f, 0f));
        put(attributes, ExrAttribute.floatValue("screenWindowWidth", 1f));

        boolean longNames = false;
        for (ExrAttribute a : attributes.values()) {
            longNames |= utf8Length(a.name()) > 31 || utf8Length(a.type()) > 31;
        }
        for (ExrChannel c : channels) {
            longNames |= utf8Length(c.name()) > 31;
        }
        HeaderBytes h = new HeaderBytes();
        h.i32(MAGIC).i32(2 | (longNames ? ExrHeader.FLAG_LONG_NAMES : 0));
        for (ExrAttribute a : attributes.values()) {
            h.cString(a.name()).cString(a.type()).i32(a.value().length).bytes(a.value());
        }
        h.u8(0);
        return h.toArray();
    }

    private static void put(Map<String, ExrAttribute> attributes, ExrAttribute a) {
        attributes.put(a.name(), a);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A short one-line description of an I/O problem, e.g. "No space left on device" or "Permission denied". */
    static String reason(IOException e) {
        String r = null;
        if (e instanceof FileSystemException fse) {
            r = fse.getReason();
            if (r == null) {
                if (e instanceof AccessDeniedException) {
                    r = "Permission denied";
                } else if (e instanceof NoSuchFileException) {
                    r = "No such file or directory";
                } else if (e instanceof NotDirectoryException) {
                    r = "Not a directory";
                } else if (e instanceof FileAlreadyExistsException) {
                    r = "File exists";
                } else if (e instanceof DirectoryNotEmptyException) {
                    r = "Directory not empty";
                }
            }
        } else {
            r = e.getMessage();
        }
        if (r == null || r.isBlank()) {
            r = e.getClass().getSimpleName();
        }
        return r.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
