package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemat.media.Timecode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks written files with readers that share no code with this package: {@code exrheader} and {@code exrinfo}
 * (OpenEXR's own tools) and {@code oiiotool} (OpenImageIO). Each test skips, with a printed reason, when its tool is
 * not installed.
 */
class ExrIndependentReadersTest {

    private static final int W = 37;
    private static final int H = 23;
    private static final List<String> SORTED = List.of("A", "B", "G", "R", "facemat.uncertainty");

    @TempDir
    Path dir;

    /** The channels in a non-sorted order, mixing HALF and FLOAT. */
    private static ExrImage image(int w, int h) {
        float[] matte = TestImages.matte(w, h, 11);
        float[] plate = TestImages.varied(w * h, 12);
        for (int i = 0; i < plate.length; i++) {
            plate[i] = Math.abs(plate[i]) % 50f; // keep %.9f printing meaningful
        }
        return new ExrImage(w, h,
                new ExrChannel("facemat.uncertainty", PixelType.HALF, TestImages.uncertainty(matte, 13)),
                new ExrChannel("R", PixelType.FLOAT, plate),
                new ExrChannel("G", PixelType.HALF, TestImages.gradient(w, h, 1f)),
                new ExrChannel("B", PixelType.FLOAT, TestImages.gradient(w, h, 3f)),
                new ExrChannel("A", PixelType.HALF, matte));
    }

    private static ExrOptions options(ExrCompression compression) {
        return ExrOptions.defaults().withCompression(compression)
                .withFramesPerSecond(new Rational(24000, 1001))
                .withTimeCode(Timecode.parse("01:02:03;04"))
                .withString("facemat/model", "facemat-init")
                .withString("comments", "face matte and uncertainty");
    }

    private Path write(ExrImage image, ExrCompression compression) throws IOException {
        Path file = dir.resolve("check-" + compression + ".exr");
        try (ExrWriter writer = new ExrWriter()) {
            writer.write(image, options(compression), file);
        }
        return file;
    }

    @ParameterizedTest
    @EnumSource(value = ExrCompression.class, names = {"NONE", "ZIPS", "ZIP"})
    void exrheaderListsChannelsAndAttributes(ExrCompression compression) throws Exception {
        ExternalTools.require("exrheader", "openexr");
        Path file = write(image(W, H), compression);
        String out = ExternalTools.runOk("exrheader", file.toString());

        Map<String, String> attributes = new HashMap<>();
        Map<String, String> channels = new LinkedHashMap<>();
        List<String> timeCode = new ArrayList<>();
        String block = null;
        Pattern attribute = Pattern.compile("^(\\S+) \\(type (\\w+)\\):\\s*(.*)$");
        for (String line : out.split("\\R")) {
            Matcher m = attribute.matcher(line);
            if (m.matches()) {
                attributes.put(m.group(1), m.group(3));
                block = m.group(1);
            } else if (line.startsWith("    ") && "channels".equals(block)) {
                String[] parts = line.trim().split(",\\s*");
                channels.put(parts[0], parts[1] + ", " + parts[2]);
            } else if (line.startsWith("    ") && "timeCode".equals(block)) {
                timeCode.add(line.trim());
            }
        }
        assertEquals(SORTED, new ArrayList<>(channels.keySet()), out);
        assertEquals("16-bit floating-point, sampling 1 1", channels.get("A"));
        assertEquals("32-bit floating-point, sampling 1 1", channels.get("B"));
        assertEquals("16-bit floating-point, sampling 1 1", channels.get("G"));
        assertEquals("32-bit floating-point, sampling 1 1", channels.get("R"));
        assertEquals("16-bit floating-point, sampling 1 1", channels.get("facemat.uncertainty"));
        String expectedCompression = switch (compression) {
            case NONE -> "none";
            case ZIPS -> "zip, individual scanlines";
            default -> "zip, multi-scanline blocks";
        };
        assertEquals(expectedCompression, attributes.get("compression"));
        assertEquals("(0 0) - (36 22)", attributes.get("dataWindow"));
        assertEquals("(0 0) - (36 22)", attributes.get("displayWindow"));
        assertEquals("increasing y", attributes.get("lineOrder"));
        assertEquals("1", attributes.get("pixelAspectRatio"));
        assertEquals("(0 0)", attributes.get("screenWindowCenter"));
        assertEquals("1", attributes.get("screenWindowWidth"));
        assertTrue(attributes.get("framesPerSecond").startsWith("24000/1001"), attributes.get("framesPerSecond"));
        assertTrue(timeCode.contains("time 01:02:03:04"), timeCode.toString());
        assertTrue(timeCode.stream().anyMatch(l -> l.startsWith("drop frame 1")), timeCode.toString());
        assertEquals("\"facemat-init\"", attributes.get("facemat/model"));
        assertEquals("\"face matte and uncertainty\"", attributes.get("comments"));
        assertTrue(out.contains("file format version: 2, flags 0x0"), out);
    }

    @ParameterizedTest
    @EnumSource(value = ExrCompression.class, names = {"NONE", "ZIPS", "ZIP"})
    void exrinfoVerboseStrictAcceptsTheFile(ExrCompression compression) throws Exception {
        ExternalTools.require("exrinfo", "openexr");
        Path file = write(image(W, H), compression);
        String out = ExternalTools.runOk("exrinfo", "--verbose", "--strict", file.toString());
        assertTrue(out.contains("'facemat.uncertainty': half samp 1 1"), out);
        assertTrue(out.contains("'R': float samp 1 1"), out);
        assertTrue(out.contains("dataWindow: box2i [ 0, 0 - 36 22 ] 37 x 23"), out);
        assertTrue(out.contains("framesPerSecond: rational 24000 / 1001"), out);
        assertTrue(out.contains(String.format("(0x%02x)", compression.code())), out);
    }

    @Test
    void longChannelNamesAreReadByExrinfo() throws Exception {
        ExternalTools.require("exrinfo", "openexr");
        String longName = "facemat.uncertainty_standard_deviation_of_alpha";
        ExrImage image = new ExrImage(4, 3, new ExrChannel(longName, PixelType.HALF, new float[12]),
                new ExrChannel("A", PixelType.HALF, new float[12]));
        Path file = dir.resolve("long.exr");
        new ExrWriter().write(image, ExrOptions.defaults(), file);
        String out = ExternalTools.runOk("exrinfo", "--verbose", "--strict", file.toString());
        assertTrue(out.contains("'" + longName + "': half"), out);
    }

    @Test
    void oiiotoolInfoShowsNamesAndResolution() throws Exception {
        ExternalTools.require("oiiotool", "openimageio-tools");
        Path file = write(image(W, H), ExrCompression.ZIP);
        String out = ExternalTools.runOk("oiiotool", "--info", "-v", file.toString());
        assertTrue(Pattern.compile("37 x\\s+23, 5 channel").matcher(out).find(), out);
        assertEquals(SORTED, channelList(out).stream().sorted(ExrImage::compareNames).toList(), out);
        assertTrue(out.contains("compression: \"zip\""), out);
        assertTrue(out.contains("framesPerSecond: 24000/1001"), out);
        assertTrue(out.contains("smpte:TimeCode: 01:02:03"), out);
    }

    @ParameterizedTest
    @EnumSource(value = ExrCompression.class, names = {"NONE", "ZIPS", "ZIP"})
    void oiiotoolReadsThePixelValues(ExrCompression compression) throws Exception {
        ExternalTools.require("oiiotool", "openimageio-tools");
        ExrImage image = image(W, H);
        Path file = write(image, compression);
        List<String> order = channelList(ExternalTools.runOk("oiiotool", "--info", "-v", file.toString()));
        int compared = comparePixels(image, order, ExternalTools.runOk("oiiotool", "--dumpdata", file.toString()));
        assertEquals(W * H, compared);
    }

    /** 1921x1081 ZIP: the last chunk holds 9 scanlines (1081 = 67 * 16 + 9); compare around it and a corner. */
    @Test
    void oiiotoolReadsTheShortLastZipChunk() throws Exception {
        ExternalTools.require("oiiotool", "openimageio-tools");
        ExrImage image = image(1921, 1081);
        Path file = write(image, ExrCompression.ZIP);
        // one oiiotool run decodes the file once and writes three crops as plain float files
        Path c1 = dir.resolve("crop1.exr");
        Path c2 = dir.resolve("crop2.exr");
        Path c3 = dir.resolve("crop3.exr");
        ExternalTools.runOk("oiiotool", file.toString(), "--dup", "--crop", "6x14+1915+1067", "-d", "float",
                "-o", c1.toString(), "--pop", "--dup", "--crop", "5x3+0+0", "-d", "float", "-o", c2.toString(),
                "--pop", "--crop", "4x2+900+1079", "-d", "float", "-o", c3.toString());
        List<String> order = channelList(ExternalTools.runOk("oiiotool", "--info", "-v", c1.toString()));
        int compared = comparePixels(image, order,
                ExternalTools.runOk("oiiotool", "--dumpdata", c1.toString(), c2.toString(), c3.toString()));
        assertEquals(6 * 14 + 5 * 3 + 4 * 2, compared);
    }

    /** "channel list: R (float), A (half), ..." or "channel list: R, A, ..." as a list of names. */
    private static List<String> channelList(String info) {
        Matcher m = Pattern.compile("channel list: (.*)").matcher(info);
        assertTrue(m.find(), info);
        List<String> names = new ArrayList<>();
        for (String part : m.group(1).split(",\\s*")) {
            names.add(part.replaceAll("\\s*\\(\\w+\\)$", "").trim());
        }
        return names;
    }

    /** Parses "Pixel (x, y): v0 v1 ..." lines and compares each value with what was written; returns pixels. */
    private static int comparePixels(ExrImage image, List<String> order, String dump) {
        Pattern pixel = Pattern.compile("Pixel \\((\\d+), (\\d+)\\): (.*)");
        int count = 0;
        for (String line : dump.split("\\R")) {
            Matcher m = pixel.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            String[] values = m.group(3).trim().split("\\s+");
            assertEquals(order.size(), values.length, line);
            for (int c = 0; c < order.size(); c++) {
                ExrChannel channel = image.channel(order.get(c));
                float written = channel.values()[y * image.width() + x];
                float expected = channel.type() == PixelType.HALF ? Half.round(written) : written;
                double got = Double.parseDouble(values[c]);
                // oiiotool prints 9 decimals
                double tolerance = Math.max(1e-8, Math.abs(expected) * 1e-6);
                assertEquals(expected, got, tolerance, order.get(c) + " at (" + x + ", " + y + ")");
            }
            count++;
        }
        return count;
    }
}
