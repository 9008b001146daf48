package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.facemat.media.Timecode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExrRoundTripTest {

    @TempDir
    Path dir;

    private static ExrFile writeAndRead(ExrImage image, ExrOptions options, Path file) throws IOException {
        try (ExrWriter writer = new ExrWriter()) {
            writer.write(image, options, file);
        }
        ExrFile read = ExrReader.read(file);
        assertReadsBack(image, read);
        assertEquals(options.compression(), read.header().compression());
        assertEquals(new Box2i(0, 0, image.width() - 1, image.height() - 1), read.header().dataWindow());
        assertEquals(read.header().dataWindow(), read.header().displayWindow());
        return read;
    }

    /** Floats bit-exact, halves equal to the nearest half and within half precision of the input. */
    static void assertReadsBack(ExrImage written, ExrFile read) {
        ExrImage image = read.image();
        assertEquals(written.width(), image.width());
        assertEquals(written.height(), image.height());
        List<String> expectedNames = new ArrayList<>();
        for (ExrChannel c : written.channelsInFileOrder()) {
            expectedNames.add(c.name());
        }
        assertEquals(expectedNames, read.header().channelNames());
        for (ExrChannel w : written.channels()) {
            ExrChannel r = image.channel(w.name());
            assertNotNull(r, "channel " + w.name());
            assertEquals(w.type(), r.type(), w.name());
            float[] a = w.values();
            float[] b = r.values();
            for (int i = 0; i < a.length; i++) {
                if (w.type() == PixelType.FLOAT) {
                    if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                        throw new AssertionError(w.name() + "[" + i + "]: wrote " + a[i] + ", read " + b[i]);
                    }
                } else if (Float.floatToRawIntBits(Half.round(a[i])) != Float.floatToRawIntBits(b[i])
                        || !withinHalfPrecision(a[i], b[i])) {
                    assertHalfOf(a[i], b[i], w.name() + "[" + i + "]"); // fails with the details
                    throw new AssertionError(w.name() + "[" + i + "]: wrote " + a[i] + ", read " + b[i]);
                }
            }
        }
    }

    private static boolean withinHalfPrecision(float written, float read) {
        if (Float.isNaN(written)) {
            return Float.isNaN(read);
        }
        float abs = Math.abs(written);
        if (abs >= 65520f) {
            return read == Math.copySign(Float.POSITIVE_INFINITY, written);
        }
        return Math.abs(written - read) <= Math.max(abs * 0x1p-11f, 0x1p-25f);
    }

    static void assertHalfOf(float written, float read, String where) {
        if (Float.isNaN(written)) {
            assertTrue(Float.isNaN(read), where + " NaN stays NaN");
            return;
        }
        float abs = Math.abs(written);
        if (abs >= 65520f) { // the midpoint above the largest half and beyond round to infinity
            assertEquals(Math.copySign(Float.POSITIVE_INFINITY, written), read, where);
            return;
        }
        // half keeps 11 significant bits: relative error <= 2^-11 for normals, absolute <= 2^-25 for denormals
        float tolerance = Math.max(abs * 0x1p-11f, 0x1p-25f);
        assertEquals(written, read, tolerance, where);
        assertEquals(Half.round(written), read, 0f, where);
    }

    @Test
    void halfZip() throws IOException {
        int w = 17;
        int h = 5;
        float[] matte = TestImages.matte(w, h, 1);
        ExrImage image = new ExrImage(w, h, new ExrChannel("facemat.uncertainty", PixelType.HALF,
                TestImages.uncertainty(matte, 2)), new ExrChannel("A", PixelType.HALF, matte));
        ExrFile read = writeAndRead(image, ExrOptions.defaults(), dir.resolve("half-zip.exr"));
        assertEquals(List.of("A", "facemat.uncertainty"), read.header().channelNames());
    }

    @Test
    void floatNone() throws IOException {
        int w = 17;
        int h = 5;
        float[] special = TestImages.varied(w * h, 3);
        special[0] = Float.NaN;
        special[1] = Float.POSITIVE_INFINITY;
        special[2] = Float.NEGATIVE_INFINITY;
        special[3] = -0f;
        special[4] = Float.MIN_VALUE;
        special[5] = Float.MAX_VALUE;
        special[6] = Float.intBitsToFloat(0x7FC0_1234); // NaN payload kept bit for bit
        ExrImage image = new ExrImage(w, h, new ExrChannel("A", PixelType.FLOAT, special),
                new ExrChannel("facemat.uncertainty", PixelType.FLOAT, TestImages.varied(w * h, 4)));
        writeAndRead(image, ExrOptions.defaults().withCompression(ExrCompression.NONE), dir.resolve("float.exr"));
    }

    @ParameterizedTest
    @EnumSource(value = ExrCompression.class, names = {"NONE", "ZIPS", "ZIP"})
    void mixedTypesAndSpecialHalfValues(ExrCompression compression) throws IOException {
        int w = 33;
        int h = 21;
        float[] a = TestImages.varied(w * h, 5);
        float[] specials = {0f, -0f, 1f, -2f, 65504f, 65519f, 65520f, 1e6f, -1e6f, 6.1e-5f, 5.96e-8f, 1e-9f,
            Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f + 0x1p-11f, 1f + 3 * 0x1p-11f};
        System.arraycopy(specials, 0, a, 0, specials.length);
        ExrImage image = new ExrImage(w, h,
                new ExrChannel("R", PixelType.FLOAT, TestImages.gradient(w, h, 1f)),
                new ExrChannel("G", PixelType.FLOAT, TestImages.gradient(w, h, 0.5f)),
                new ExrChannel("B", PixelType.HALF, TestImages.gradient(w, h, 2f)),
                new ExrChannel("A", PixelType.HALF, a),
                new ExrChannel("facemat.uncertainty", PixelType.FLOAT, TestImages.varied(w * h, 6)));
        ExrFile read = writeAndRead(image, ExrOptions.defaults().withCompression(compression),
                dir.resolve("mixed-" + compression + ".exr"));
        assertEquals(List.of("A", "B", "G", "R", "facemat.uncertainty"), read.header().channelNames());
    }

    @ParameterizedTest
    @EnumSource(value = ExrCompression.class, names = {"NONE", "ZIPS", "ZIP"})
    void onePixel(ExrCompression compression) throws IOException {
        ExrImage image = new ExrImage(1, 1, new ExrChannel("A", PixelType.HALF, new float[] {0.75f}),
                new ExrChannel("facemat.uncertainty", PixelType.FLOAT, new float[] {0.125f}));
        writeAndRead(image, ExrOptions.defaults().withCompression(compression), dir.resolve("1x1.exr"));
    }

    /** 1081 = 67 * 16 + 9: the last ZIP chunk holds 9 scanlines. */
    @Test
    void fullHdPlusOneWithShortLastZipChunk() throws IOException {
        int w = 1921;
        int h = 1081;
        float[] matte = TestImages.matte(w, h, 7);
        ExrImage image = new ExrImage(w, h, new ExrChannel("A", PixelType.HALF, matte),
                new ExrChannel("facemat.uncertainty", PixelType.HALF, TestImages.uncertainty(matte, 8)),
                new ExrChannel("R", PixelType.FLOAT, TestImages.gradient(w, h, 1f)));
        Path zip = dir.resolve("big-zip.exr");
        writeAndRead(image, ExrOptions.defaults(), zip);
        Path none = dir.resolve("big-none.exr");
        writeAndRead(image, ExrOptions.defaults().withCompression(ExrCompression.NONE), none);
        assertTrue(Files.size(zip) < Files.size(none) / 2,
                "ZIP must actually compress a matte: " + Files.size(zip) + " vs " + Files.size(none));
        // 68 chunks: the offset table has 68 entries and the last chunk starts at scanline 1072
        ExrHeader header = ExrReader.verify(zip);
        assertEquals(1081, header.height());
    }

    /** Noise does not shrink under zlib: such chunks are stored raw, which the format allows. */
    @Test
    void incompressibleChunksAreStoredRaw() throws IOException {
        int w = 64;
        int h = 40;
        float[] noise = new float[w * h];
        Random rnd = new Random(9);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = Float.intBitsToFloat(rnd.nextInt() & 0x7F7F_FFFF);
        }
        ExrImage image = new ExrImage(w, h, new ExrChannel("noise", PixelType.FLOAT, noise));
        Path file = dir.resolve("noise.exr");
        writeAndRead(image, ExrOptions.defaults(), file);
        Path none = dir.resolve("noise-none.exr");
        writeAndRead(image, ExrOptions.defaults().withCompression(ExrCompression.NONE), none);
        // same header size; NONE has 40 one-line chunks, ZIP 3 chunks of raw data: 37 fewer table entries and
        // chunk prefixes (8 + 8 bytes each)
        assertEquals(Files.size(none) - 37 * 16, Files.size(file));
    }

    @Test
    void attributesAndNamesRoundTrip() throws IOException {
        String longName = "facemat.uncertainty.of.a.very.long.layer.name.beyond.31";
        ExrImage image = new ExrImage(3, 2, new ExrChannel("é", PixelType.HALF, new float[6]),
                new ExrChannel("z", PixelType.HALF, new float[6]),
                new ExrChannel(longName, PixelType.HALF, new float[6]),
                new ExrChannel("A", PixelType.HALF, new float[6]));
        ExrOptions options = ExrOptions.defaults()
                .withFramesPerSecond(new Rational(24000, 1001))
                .withTimeCode(Timecode.parse("01:02:03;04"))
                .withChromaticities(Chromaticities.REC709)
                .withString("facemat/model", "facemat-init 0.1")
                .withString("comments", "matte + uncertainty");
        Path file = dir.resolve("attributes.exr");
        ExrFile read = writeAndRead(image, options, file);
        ExrHeader header = read.header();
        // strcmp order: upper case, then lower case, then the UTF-8 bytes of é (0xC3 0xA9)
        assertEquals(List.of("A", longName, "z", "é"), header.channelNames());
        assertEquals(2 | ExrHeader.FLAG_LONG_NAMES, header.versionField());
        assertEquals(new Rational(24000, 1001), header.framesPerSecond().orElseThrow());
        assertEquals(Timecode.of(1, 2, 3, 4, true), header.timeCode().orElseThrow());
        assertEquals(Chromaticities.REC709, header.chromaticities().orElseThrow());
        assertEquals("facemat-init 0.1", header.string("facemat/model").orElseThrow());
        assertEquals("matte + uncertainty", header.string("comments").orElseThrow());
        assertEquals(1f, header.pixelAspectRatio());
        assertEquals(1f, header.screenWindowWidth());
        assertArrayEquals(new float[] {0f, 0f}, header.screenWindowCenter());
        assertEquals(0, header.lineOrder());
        Map<String, ExrAttribute> attributes = header.attributes();
        assertEquals("rational", attributes.get("framesPerSecond").type());
        assertEquals("timecode", attributes.get("timeCode").type());
        byte[] tc = attributes.get("timeCode").value();
        assertEquals(0x01020344, ByteBuffer.wrap(tc).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        // the header alone reads the same
        assertEquals(header.attributes(), ExrReader.readHeader(file).attributes());
    }

    @Test
    void shortNamesLeaveTheLongNamesFlagOff() throws IOException {
        ExrImage image = new ExrImage(2, 2, new ExrChannel("A", PixelType.HALF, new float[4]));
        Path file = dir.resolve("short.exr");
        writeAndRead(image, ExrOptions.defaults(), file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {0x76, 0x2F, 0x31, 0x01, 2, 0, 0, 0}, java.util.Arrays.copyOf(bytes, 8));
    }

    @Test
    void oneWriterWritesManyFilesWithDifferentSettings() throws IOException {
        try (ExrWriter writer = new ExrWriter()) {
            for (int i = 0; i < 6; i++) {
                int w = 40 + i * 13;
                int h = 9 + i * 7;
                float[] matte = TestImages.matte(w, h, i);
                ExrImage image = new ExrImage(w, h, new ExrChannel("A", PixelType.HALF, matte));
                ExrCompression compression = ExrCompression.values()[new int[] {0, 2, 3}[i % 3]];
                ExrOptions options = ExrOptions.defaults().withCompression(compression).withZipLevel(1 + i);
                Path file = dir.resolve("frame." + i + ".exr");
                writer.write(image, options, file);
                assertReadsBack(image, ExrReader.read(file));
            }
        }
    }
}
