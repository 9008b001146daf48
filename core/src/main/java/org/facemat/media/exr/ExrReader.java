package org.facemat.media.exr;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads single-part scanline OpenEXR files with NONE, ZIPS or ZIP compression and UINT, HALF or FLOAT channels
 * without subsampling: everything {@link ExrWriter} writes, and the same kind of file from other writers.
 *
 * <p>Every structural fact is checked: magic number and version, header attributes, the offset table (each entry
 * must point inside the file, past the table), each chunk's scanline and size, and that each chunk decompresses to
 * exactly the size its scanlines need. A truncated, incomplete or corrupt file gives an {@link ExrFormatException}
 * whose one-line message names the file and the problem.
 */
public final class ExrReader {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int FLAG_TILED = 0x200;
    private static final int FLAG_DEEP = 0x800;
    private static final int FLAG_MULTIPART = 0x1000;

    private ExrReader() {
    }

    /** Reads the header only (the first few kilobytes of the file). */
    public static ExrHeader readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int want = (int) Math.min(size, 64 * 1024);
            while (true) {
                byte[] bytes = new byte[want];
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    if (ch.read(buffer, buffer.position()) < 0) {
                        throw new ExrFormatException(file, "the file shrank while being read");
                    }
                }
                try {
                    return new Parser(file, bytes, want, size).header();
                } catch (NeedMoreBytes e) {
                    int more = (int) Math.min(size, Math.min((long) want * 4, Integer.MAX_VALUE - 8));
                    if (more == want) {
                        throw new ExrFormatException(file, "the header is larger than 2 GB");
                    }
                    want = more;
                }
            }
        } catch (ExrFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("Cannot read EXR file " + file + ": " + ExrWriter.reason(e), e);
        }
    }

    /** Reads and checks the whole file: header and pixels (one float array per channel, in file order). */
    public static ExrFile read(Path file) throws IOException {
        return decode(file, true);
    }

    /**
     * Reads and checks the whole file, decompressing every chunk, without keeping the pixels: the check for "is this
     * frame complete and valid".
     *
     * @return the header of the valid file
     */
    public static ExrHeader verify(Path file) throws IOException {
        return decode(file, false).header();
    }

    private static ExrFile decode(Path file, boolean keepPixels) throws IOException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new ExrFormatException(file, "files over 2 GB are not supported by this reader");
            }
            bytes = Files.readAllBytes(file);
        } catch (ExrFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("Cannot read EXR file " + file + ": " + ExrWriter.reason(e), e);
        }
        Parser parser = new Parser(file, bytes, bytes.length, bytes.length);
        ExrHeader header;
        try {
            header = parser.header();
        } catch (NeedMoreBytes e) {
            throw new IllegalStateException(e); // cannot happen: the whole file is in memory
        }
        return parser.pixels(header, keepPixels);
    }

    /** Signals that the header continues past the bytes read so far. */
    private static final class NeedMoreBytes extends Exception {
        private static final long serialVersionUID = 1L;

        NeedMoreBytes() {
            super(null, null, false, false);
        }
    }

    private static final class Parser {
        private final Path file;
        private final byte[] b;
        private final int limit;
        private final long fileSize;
        private int pos;

        Parser(Path file, byte[] bytes, int limit, long fileSize) {
            this.file = file;
            this.b = bytes;
            this.limit = limit;
            this.fileSize = fileSize;
        }

        private ExrFormatException problem(String what) {
            return new ExrFormatException(file, what);
        }

        private void need(int n, String where) throws ExrFormatException, NeedMoreBytes {
            if ((long) pos + n > limit) {
                if (limit < fileSize) {
                    throw new NeedMoreBytes();
                }
                throw problem("the file ends inside " + where + " (at byte " + pos + " of " + fileSize
                        + "): it is truncated");
            }
        }

        private int i32(String where) throws ExrFormatException, NeedMoreBytes {
            need(4, where);
            int v = (int) INT_LE.get(b, pos);
            pos += 4;
            return v;
        }

        private String cString(String where) throws ExrFormatException, NeedMoreBytes {
            int start = pos;
            int max = ExrChannel.MAX_NAME_BYTES;
            while (true) {
                need(1, where);
                if (b[pos++] == 0) {
                    return new String(b, start, pos - 1 - start, StandardCharsets.UTF_8);
                }
                if (pos - start > max) {
                    throw problem("a name in " + where + " at byte " + start + " is longer than " + max
                            + " bytes: the header is corrupt");
                }
            }
        }

        ExrHeader header() throws ExrFormatException, NeedMoreBytes {
            if (fileSize < 8) {
                throw problem("the file has only " + fileSize + " bytes");
            }
            int magic = i32("the magic number");
            if (magic != ExrWriter.MAGIC) {
                throw problem(String.format("not an OpenEXR file (first bytes %02x %02x %02x %02x)", b[0] & 0xFF,
                        b[1] & 0xFF, b[2] & 0xFF, b[3] & 0xFF));
            }
            int version = i32("the version field");
            if ((version & 0xFF) != 2) {
                throw problem("unsupported format version " + (version & 0xFF));
            }
            if ((version & FLAG_MULTIPART) != 0) {
                throw problem("multi-part files are not supported by this reader");
            }
            if ((version & FLAG_DEEP) != 0) {
                throw problem("deep data files are not supported by this reader");
            }
            if ((version & FLAG_TILED) != 0) {
                throw problem("tiled files are not supported by this reader");
            }
            Map<String, ExrAttribute> attributes = new LinkedHashMap<>();
            while (true) {
                String name = cString("the header");
                if (name.isEmpty()) {
                    break;
                }
                String where = "attribute '" + name + "' of the header";
                String type = cString(where);
                int size = i32(where);
                if (size < 0) {
                    throw problem("attribute '" + name + "' has a negative size " + size);
                }
                need(size, where);
                byte[] value = new byte[size];
                System.arraycopy(b, pos, value, 0, size);
                pos += size;
                ExrAttribute attribute;
                try {
                    attribute = new ExrAttribute(name, type, value);
                } catch (IllegalArgumentException e) {
                    // e.g. invalid UTF-8, whose replacement characters make the name too long
                    throw problem("attribute at byte " + (pos - size) + ": " + e.getMessage());
                }
                if (attributes.put(name, attribute) != null) {
                    throw problem("attribute '" + name + "' appears twice");
                }
            }
            try {
                return new ExrHeader(version, attributes);
            } catch (IllegalArgumentException e) {
                throw problem(e.getMessage());
            }
        }

        /**
         * Called right after {@link #header()}: checks the sizes the header claims against the file, then every
         * offset-table entry and chunk header, and only then allocates and decompresses. So memory is bounded by what
         * the file can hold, whatever the header says.
         */
        ExrFile pixels(ExrHeader header, boolean keep) throws ExrFormatException {
            ExrLayout layout = ExrLayout.of(file, header, pos, fileSize);
            ExrCompression compression = header.compression();
            int[] at = new int[layout.chunks]; // bounded: the table of this many entries is in the file
            int[] sizes = new int[layout.chunks];
            for (int i = 0; i < layout.chunks; i++) {
                checkChunk(layout, compression, header.dataWindow(), i, at, sizes);
            }
            List<ExrChannelInfo> infos = header.channels();
            int w = layout.width;
            int h = layout.height;
            float[][] values = new float[infos.size()][];
            if (keep) {
                for (int c = 0; c < values.length; c++) {
                    values[c] = new float[w * h];
                }
            }
            boolean compressed = compression != ExrCompression.NONE;
            byte[] rawChunk = compressed ? new byte[layout.chunkBytes] : null;
            byte[] work = compressed ? new byte[layout.chunkBytes] : null;
            Inflater inflater = compressed ? new Inflater() : null;
            try {
                for (int i = 0; i < layout.chunks; i++) {
                    int n = layout.linesIn(i);
                    int expected = n * layout.lineBytes;
                    byte[] data;
                    int dataOffset;
                    if (sizes[i] == expected) {
                        data = b; // stored uncompressed (also how ZIP stores a chunk that does not shrink)
                        dataOffset = at[i] + ExrLayout.CHUNK_HEADER;
                    } else {
                        inflate(inflater, at[i] + ExrLayout.CHUNK_HEADER, sizes[i], work, expected, i);
                        ZipPredictor.decode(work, expected, rawChunk, 0);
                        data = rawChunk;
                        dataOffset = 0;
                    }
                    if (keep) {
                        unpack(data, dataOffset, infos, values, w, i * layout.linesPerChunk, n);
                    }
                }
            } finally {
                if (inflater != null) {
                    inflater.end();
                }
            }
            ExrImage image = null;
            if (keep) {
                List<ExrChannel> channels = new ArrayList<>(infos.size());
                for (int c = 0; c < infos.size(); c++) {
                    channels.add(new ExrChannel(infos.get(c).name(), infos.get(c).type(), values[c]));
                }
                image = new ExrImage(w, h, channels);
            }
            return new ExrFile(header, image);
        }

        /** Checks offset-table entry {@code i} and the chunk header it points to, without decompressing. */
        private void checkChunk(ExrLayout layout, ExrCompression compression, Box2i dw, int i, int[] at, int[] sizes)
                throws ExrFormatException {
            int chunks = layout.chunks;
            long offset = (long) LONG_LE.get(b, (int) layout.tableStart + 8 * i);
            if (offset < layout.tableEnd || offset > fileSize - ExrLayout.CHUNK_HEADER) {
                throw problem("offset table entry " + i + " of " + chunks + " (" + offset + ") is outside the"
                        + " chunk area " + layout.tableEnd + ".." + fileSize + ": the file is truncated or incomplete");
            }
            int p = (int) offset;
            int y = (int) INT_LE.get(b, p);
            int size = (int) INT_LE.get(b, p + 4);
            long expectedY = dw.yMin() + (long) i * layout.linesPerChunk;
            if (y != expectedY) {
                throw problem("chunk " + i + " at byte " + offset + " starts at scanline " + y + ", expected "
                        + expectedY + ": the file is corrupt");
            }
            if (size < 0 || p + (long) ExrLayout.CHUNK_HEADER + size > fileSize) {
                throw problem("chunk " + i + " at byte " + offset + " claims " + size + " bytes, past the end"
                        + " of the file (" + fileSize + " bytes): it is truncated");
            }
            int expected = layout.linesIn(i) * layout.lineBytes;
            if (size != expected) {
                if (compression == ExrCompression.NONE || size > expected) {
                    throw problem("chunk " + i + " has " + size + " bytes, expected " + expected
                            + (compression == ExrCompression.NONE ? "" : " or fewer"));
                }
                if (size * ExrLayout.MAX_ZIP_RATIO + ExrLayout.ZIP_SLACK < expected) {
                    throw problem("chunk " + i + " has " + size + " bytes of zlib data, too few to decompress to the "
                            + expected + " bytes its scanlines need: the file is corrupt");
                }
            }
            at[i] = p;
            sizes[i] = size;
        }

        private void inflate(Inflater inflater, int from, int size, byte[] out, int expected, int chunk)
                throws ExrFormatException {
            inflater.reset();
            inflater.setInput(b, from, size);
            int got = 0;
            try {
                while (got < expected) {
                    int k = inflater.inflate(out, got, expected - got);
                    if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    got += k;
                }
                if (got == expected && !inflater.finished()) {
                    // all the expected bytes came out; the stream must end here
                    byte[] probe = new byte[1];
                    if (inflater.inflate(probe) > 0) {
                        throw problem("chunk " + chunk + " decompresses to more than " + expected + " bytes");
                    }
                }
            } catch (DataFormatException e) {
                throw problem("chunk " + chunk + " has corrupt zlib data (" + e.getMessage() + ")");
            }
            if (got != expected || !inflater.finished()) {
                throw problem("chunk " + chunk + " decompresses to " + got + " bytes, expected " + expected
                        + ": the data is corrupt or cut short");
            }
        }
    }

    private static void unpack(byte[] data, int p, List<ExrChannelInfo> infos, float[][] values, int width, int y0,
            int n) {
        for (int y = y0; y < y0 + n; y++) {
            int row = y * width;
            for (int c = 0; c < infos.size(); c++) {
                float[] v = values[c];
                switch (infos.get(c).type()) {
                    case HALF -> {
                        float[] table = HalfTable.FLOATS;
                        for (int x = row, end = row + width; x < end; x++, p += 2) {
                            v[x] = table[(data[p] & 0xFF) | ((data[p + 1] & 0xFF) << 8)];
                        }
                    }
                    case FLOAT -> {
                        for (int x = row, end = row + width; x < end; x++, p += 4) {
                            v[x] = Float.intBitsToFloat((int) INT_LE.get(data, p));
                        }
                    }
                    case UINT -> {
                        for (int x = row, end = row + width; x < end; x++, p += 4) {
                            v[x] = (float) Integer.toUnsignedLong((int) INT_LE.get(data, p));
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    /** Every half bit pattern's float value, built on first use. */
    private static final class HalfTable {
        static final float[] FLOATS = new float[65536];

        static {
            for (int i = 0; i < 65536; i++) {
                FLOATS[i] = Half.toFloat((short) i);
            }
        }
    }
}
