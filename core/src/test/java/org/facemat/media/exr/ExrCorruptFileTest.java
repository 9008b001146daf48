package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExrCorruptFileTest {

    @TempDir
    Path dir;

    private Path good;
    private byte[] bytes;

    @BeforeEach
    void writeGoodFile() throws IOException {
        int w = 200;
        int h = 150;
        float[] matte = TestImages.matte(w, h, 3);
        ExrImage image = new ExrImage(w, h, new ExrChannel("A", PixelType.HALF, matte),
                new ExrChannel("facemat.uncertainty", PixelType.HALF, TestImages.uncertainty(matte, 4)));
        good = dir.resolve("good.exr");
        new ExrWriter().write(image, ExrOptions.defaults().withFramesPerSecond(new Rational(25, 1)), good);
        bytes = Files.readAllBytes(good);
        ExrReader.verify(good);
    }

    private Path variant(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static ExrFormatException rejects(Path file, String expectedWords) {
        ExrFormatException e = assertThrows(ExrFormatException.class, () -> ExrReader.read(file));
        String message = e.getMessage();
        System.out.println("reader reports: " + message);
        assertTrue(message.contains(file.toString()), "names the file: " + message);
        assertTrue(message.contains(expectedWords), "says '" + expectedWords + "': " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertEquals(file, e.file());
        assertThrows(ExrFormatException.class, () -> ExrReader.verify(file));
        return e;
    }

    @Test
    void cutInHalf() throws IOException {
        Path cut = variant("cut.exr", Arrays.copyOf(bytes, bytes.length / 2));
        rejects(cut, "truncated");
        // the header alone is intact: a header read still works, only reading the pixels finds the damage
        assertEquals(200, ExrReader.readHeader(cut).width());
    }

    @Test
    void lastByteMissing() throws IOException {
        rejects(variant("short.exr", Arrays.copyOf(bytes, bytes.length - 1)), "truncated");
    }

    @Test
    void cutInsideTheHeader() throws IOException {
        Path cut = variant("header.exr", Arrays.copyOf(bytes, 60));
        rejects(cut, "truncated");
        ExrFormatException e = assertThrows(ExrFormatException.class, () -> ExrReader.readHeader(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }

    @Test
    void cutInsideTheOffsetTable() throws IOException {
        int tableStart = tableStart();
        rejects(variant("table.exr", Arrays.copyOf(bytes, tableStart + 20)), "offset table");
    }

    /** A writer that died before filling in the offset table leaves zeros there. */
    @Test
    void offsetTableNotFilledIn() throws IOException {
        byte[] b = bytes.clone();
        int tableStart = tableStart();
        Arrays.fill(b, tableStart, tableStart + 8 * 10, (byte) 0);
        rejects(variant("zeros.exr", b), "offset table entry 0");
    }

    @Test
    void corruptCompressedData() throws IOException {
        byte[] b = bytes.clone();
        long chunk3 = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(tableStart() + 8 * 3);
        int size = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt((int) chunk3 + 4);
        for (int i = 0; i < 8; i++) {
            b[(int) chunk3 + 8 + size / 2 + i] ^= (byte) 0x5A;
        }
        rejects(variant("corrupt.exr", b), "chunk 3");
    }

    @Test
    void chunkAtTheWrongScanline() throws IOException {
        byte[] b = bytes.clone();
        ByteBuffer buffer = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long chunk2 = buffer.getLong(tableStart() + 8 * 2);
        buffer.putInt((int) chunk2, 17);
        rejects(variant("scanline.exr", b), "scanline 17");
    }

    @Test
    void notAnExrFile() throws IOException {
        rejects(variant("text.exr", "hello, this is not an image file".getBytes()), "not an OpenEXR file");
        rejects(variant("empty.exr", new byte[0]), "0 bytes");
    }

    @Test
    void missingFileNamesTheFile() {
        Path missing = dir.resolve("missing.exr");
        IOException e = assertThrows(IOException.class, () -> ExrReader.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        IOException h = assertThrows(IOException.class, () -> ExrReader.readHeader(missing));
        assertTrue(h.getMessage().contains(missing.toString()), h.getMessage());
    }

    /** The header ends with the first NUL where an attribute name would start; the offset table follows. */
    private int tableStart() {
        int p = 8;
        while (bytes[p] != 0) {
            while (bytes[p] != 0) {
                p++; // name
            }
            p++;
            while (bytes[p] != 0) {
                p++; // type
            }
            p++;
            int size = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(p);
            p += 4 + size;
        }
        return p + 1;
    }
}
