package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to hurt a reader: headers that claim more than the file holds, or things the format forbids. Each must
 * be refused with an {@link ExrFormatException} naming the file and the problem, by {@code verify} as by
 * {@code read}, at once and without allocating from the header's claims.
 */
class ExrHostileFileTest {

    /** Far more than any of these files needs, far less than what their headers claim. */
    private static final long MAX_ALLOCATION = 32L << 20;

    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static String rejects(Path file, String... expectedWords) {
        String message = null;
        for (Executable reader : new Executable[] {() -> ExrReader.verify(file), () -> ExrReader.read(file)}) {
            ExrFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                long before = HandMadeExr.allocatedByThisThread();
                ExrFormatException thrown = assertThrows(ExrFormatException.class, reader);
                long after = HandMadeExr.allocatedByThisThread();
                assertTrue(after - before < MAX_ALLOCATION, "allocated " + (after - before) + " bytes");
                return thrown;
            });
            message = e.getMessage();
            assertTrue(message.contains(file.toString()), "names the file: " + message);
            for (String w : expectedWords) {
                assertTrue(message.contains(w), "says '" + w + "': " + message);
            }
            assertFalse(message.contains("\n"), "one line: " + message);
            assertEquals(file, e.file());
        }
        System.out.println("reader reports: " + message);
        return message;
    }

    @Test
    void hugeDataWindowInA23KbFile() throws IOException {
        HandMadeExr exr = new HandMadeExr(46000, 46000, ExrCompression.ZIP.code())
                .channel("A", PixelType.HALF).channel("facemat.uncertainty", PixelType.HALF);
        // the offset table fits (2875 entries); the pixel data cannot
        Path f = file("huge.exr", exr.bytes(exr.headerSize() + 2875 * 8 + 400));
        assertTrue(Files.size(f) < 24_000);
        rejects(f, "data window 46000x46000", "needs 8.5 GB", "the file holds 23 KB");
        // the header alone is well formed: readHeader describes it
        assertEquals(46000, ExrReader.readHeader(f).width());
    }

    @Test
    void hugeDataWindowWithoutRoomForItsOffsetTable() throws IOException {
        HandMadeExr exr = new HandMadeExr(46000, 46000, ExrCompression.ZIP.code()).channel("A", PixelType.HALF);
        rejects(file("table.exr", exr.bytes(20_000)), "offset table", "data window 46000x46000", "truncated");
    }

    @Test
    void sixtyMillionPixelScanlinesIn294Bytes() throws IOException {
        HandMadeExr exr = new HandMadeExr(60_000_000, 16, ExrCompression.ZIP.code()).channel("A", PixelType.HALF);
        int table = exr.headerSize();
        exr.offsets(table + 8).chunk(0, new byte[0]);
        Path f = file("wide.exr", exr.bytes(294));
        assertEquals(294, Files.size(f));
        rejects(f, "data window 60000000x16", "needs 1.9 GB", "holds 294 bytes");
    }

    @Test
    void windowOverTheWholeIntRange() throws IOException {
        HandMadeExr exr = new HandMadeExr(1, 1, ExrCompression.NONE.code()).channel("A", PixelType.FLOAT)
                .window(Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
        rejects(file("int.exr", exr.bytes(4096)), "data window 4294967296x4294967296");
    }

    @Test
    void emptyDataWindow() throws IOException {
        HandMadeExr exr = new HandMadeExr(1, 1, ExrCompression.NONE.code()).channel("A", PixelType.FLOAT)
                .window(10, 0, 9, 0);
        rejects(file("empty.exr", exr.bytes(4096)), "dataWindow is empty");
    }

    @Test
    void channelListedTwice() throws IOException {
        HandMadeExr exr = new HandMadeExr(4, 1, ExrCompression.NONE.code())
                .channel("A", PixelType.HALF).channel("A", PixelType.HALF);
        int table = exr.headerSize();
        exr.offsets(table + 8).chunk(0, new byte[16]);
        Path f = file("twice.exr", exr.bytes());
        rejects(f, "channel 'A' is listed twice");
        assertThrows(ExrFormatException.class, () -> ExrReader.readHeader(f));
    }

    @Test
    void unknownCompressionCode() throws IOException {
        HandMadeExr exr = new HandMadeExr(4, 1, 42).channel("A", PixelType.HALF);
        rejects(file("code.exr", exr.bytes(1000)), "unknown compression code 42");
    }

    @Test
    void compressionThisReaderDoesNotRead() throws IOException {
        HandMadeExr exr = new HandMadeExr(4, 1, ExrCompression.PIZ.code()).channel("A", PixelType.HALF);
        rejects(file("piz.exr", exr.bytes(1000)), "compression PIZ is not supported");
    }

    @Test
    void unknownPixelTypeAndSubsampling() throws IOException {
        HandMadeExr type = new HandMadeExr(4, 1, ExrCompression.NONE.code()).channel("A", 7, 1, 1);
        rejects(file("type.exr", type.bytes(1000)), "channel 'A' has unknown pixel type 7");
        HandMadeExr sub = new HandMadeExr(4, 2, ExrCompression.NONE.code()).channel("A", 1, 2, 2);
        rejects(file("sub.exr", sub.bytes(1000)), "channel 'A' is subsampled (2x2)");
    }

    @Test
    void offsetTablePointingOutsideTheFile() throws IOException {
        HandMadeExr exr = new HandMadeExr(4, 1, ExrCompression.NONE.code()).channel("A", PixelType.HALF);
        exr.offsets(1L << 40).chunk(0, new byte[8]);
        rejects(file("outside.exr", exr.bytes()), "offset table entry 0 of 1 (1099511627776) is outside");
    }

    @Test
    void truncatedChunk() throws IOException {
        HandMadeExr exr = new HandMadeExr(64, 1, ExrCompression.ZIPS.code()).channel("A", PixelType.HALF);
        int table = exr.headerSize();
        exr.offsets(table + 8).chunk(0, 128, new byte[100]); // claims 128 bytes, holds 100
        rejects(file("cut.exr", exr.bytes()), "chunk 0", "claims 128 bytes, past the end", "truncated");
    }

    @Test
    void chunkSizeFieldOfTwoGigabytes() throws IOException {
        HandMadeExr exr = new HandMadeExr(64, 1, ExrCompression.ZIPS.code()).channel("A", PixelType.HALF);
        int table = exr.headerSize();
        exr.offsets(table + 8).chunk(0, Integer.MAX_VALUE, new byte[100]);
        rejects(file("claim.exr", exr.bytes()), "chunk 0", "claims 2147483647 bytes");
    }

    @Test
    void uncompressedFileCutShort() throws IOException {
        HandMadeExr exr = new HandMadeExr(64, 1, ExrCompression.NONE.code()).channel("A", PixelType.HALF);
        int table = exr.headerSize();
        exr.offsets(table + 8).chunk(0, 128, new byte[100]);
        rejects(file("none.exr", exr.bytes()), "data window 64x1", "needs 128 bytes of pixel data (421 bytes with",
                "truncated");
    }

    @Test
    void zipChunkInflatingTooLarge() throws IOException {
        // 64 half pixels need 128 bytes; this zlib stream holds 100,000
        HandMadeExr exr = new HandMadeExr(64, 1, ExrCompression.ZIPS.code()).channel("A", PixelType.HALF);
        int table = exr.headerSize();
        exr.offsets(table + 8).chunk(0, HandMadeExr.zlib(new byte[100_000]));
        rejects(file("bomb.exr", exr.bytes()), "chunk 0 decompresses to more than 128 bytes");
    }

    @Test
    void zipChunkTooSmallForItsScanlines() throws IOException {
        // 16 scanlines of 60000 half pixels: 1.9 MB from 40 bytes is beyond what deflate can do
        HandMadeExr exr = new HandMadeExr(60_000, 16, ExrCompression.ZIP.code()).channel("A", PixelType.HALF);
        int table = exr.headerSize();
        exr.offsets(table + 8).chunk(0, new byte[40]);
        rejects(file("thin.exr", exr.bytes(3000)), "chunk 0 has 40 bytes of zlib data, too few");
    }

    @Test
    void channelNameThatGrowsPastTheLimitWhenDecoded() throws IOException {
        // 200 bytes that are not UTF-8 decode to 200 replacement characters, 600 bytes when encoded again
        byte[] name = new byte[200];
        java.util.Arrays.fill(name, (byte) 0xFF);
        rejects(file("name.exr", rawName(name)), "channel name must be 1..255 bytes");
    }

    /** A file whose only channel's name is the given raw bytes. */
    private static byte[] rawName(byte[] name) {
        HeaderBytes chlist = new HeaderBytes().bytes(name).u8(0).i32(1).i32(0).i32(1).i32(1).u8(0);
        HandMadeExr exr = new HandMadeExr(4, 1, ExrCompression.NONE.code());
        byte[] withoutChannels = exr.bytes();
        // replace the empty channel list the builder wrote (size 1, one NUL) by ours
        byte[] marker = new HeaderBytes().cString("channels").cString("chlist").i32(1).u8(0).toArray();
        int at = indexOf(withoutChannels, marker);
        byte[] list = chlist.toArray();
        HeaderBytes out = new HeaderBytes().bytes(java.util.Arrays.copyOf(withoutChannels, at))
                .cString("channels").cString("chlist").i32(list.length).bytes(list)
                .bytes(java.util.Arrays.copyOfRange(withoutChannels, at + marker.length, withoutChannels.length));
        return java.util.Arrays.copyOf(out.toArray(), out.size() + 600);
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
