package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Movies and sequences made by the ffmpeg CLI in each test, opened with {@link FrameSource}. */
class GeneratedInputsTest {
    /** swscale flags the sources use; the CLI reference decodes with the same to compare like with like. */
    static final String[] SWS = {"-sws_flags", "bicubic+accurate_rnd+full_chroma_int"};

    @TempDir
    Path dir;

    /** Checks frames {@code wanted} of {@code file} against the CLI's rgb48le decode; returns the largest difference. */
    static double compareWithCli(FrameSource src, Path file, List<Integer> wanted, double tolerance)
            throws Exception {
        Map<Integer, int[]> ref = MediaTools.decode16(file, "rgb48le", src.width(), src.height(), Set.copyOf(wanted),
                SWS);
        assertEquals(wanted.size(), ref.size(), "ffmpeg decoded fewer frames");
        double worst = 0;
        for (int i : wanted) {
            Frame f = src.read(src.firstFrameNumber() + i);
            double max = MediaTools.maxDiff(f, ref.get(i), 3);
            worst = Math.max(worst, max);
            assertTrue(max <= tolerance, file.getFileName() + " frame " + i + " differs from ffmpeg by " + max);
        }
        System.out.printf("%s (%s): max diff to ffmpeg rgb48le %.2e (%.3f/1023)%n", file.getFileName(), src.format(),
                worst, worst * 1023);
        return worst;
    }

    @Test
    void proRes422Hq10Bit() throws Exception {
        MediaTools.requireCli();
        Path mov = dir.resolve("hq.mov");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=96x64:rate=25", "-frames:v", "12", "-c:v", "prores_ks",
                "-profile:v", "3", "-pix_fmt", "yuv422p10le", mov.toString());
        try (FrameSource src = FrameSource.open(mov)) {
            assertEquals(96, src.width());
            assertEquals(64, src.height());
            assertEquals(12, src.frameCount());
            assertEquals(FrameRate.of(25), src.frameRate());
            assertEquals("prores yuv422p10le", src.format());
            // an 8-bit path would be off by up to 0.5/255 = 2/1023
            compareWithCli(src, mov, List.of(0, 5, 11), 0.5 / 1023);
        }
    }

    @Test
    void proRes4444WithAlpha() throws Exception {
        MediaTools.requireCli();
        Path mov = dir.resolve("4444.mov");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=96x64:rate=24", "-frames:v", "10", "-vf",
                "format=rgba,colorchannelmixer=aa=0.5", "-c:v", "prores_ks", "-profile:v", "4444", "-pix_fmt",
                "yuva444p10le", mov.toString());
        try (FrameSource src = FrameSource.open(mov)) {
            assertEquals(10, src.frameCount());
            assertEquals(FrameRate.of(24), src.frameRate());
            assertTrue(src.format().startsWith("prores yuva444p1"), src.format());
            compareWithCli(src, mov, List.of(0, 9), 0.5 / 1023);
        }
        // the container's sample table and a packet scan give the same frames
        try (FrameSource a = MovieSource.open(mov, SourceOptions.DEFAULT, true);
             FrameSource b = MovieSource.open(mov, SourceOptions.DEFAULT, false)) {
            assertEquals(a.frameCount(), b.frameCount());
            for (long n : new long[] {7, 2}) {
                assertEquals(0, Cap13DecodeTest.maxAbs(a.read(n), b.read(n)));
                assertEquals(a.presentationTime(n), b.presentationTime(n), 1e-9);
            }
        }
    }

    @Test
    void dnxhrInMxfWithTimecode() throws Exception {
        MediaTools.requireCli();
        Path mxf = dir.resolve("dnx.mxf");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=256x144:rate=25", "-frames:v", "10", "-c:v", "dnxhd",
                "-profile:v", "dnxhr_hq", "-pix_fmt", "yuv422p", "-timecode", "10:00:00:00", mxf.toString());
        try (FrameSource src = FrameSource.open(mxf)) {
            assertEquals(256, src.width());
            assertEquals(10, src.frameCount());
            assertEquals(FrameRate.of(25), src.frameRate());
            assertEquals(Timecode.parse("10:00:00:00"), src.timecode().orElseThrow());
            assertEquals(0, src.firstFrameNumber());
            compareWithCli(src, mxf, List.of(0, 4, 9), 0.5 / 1023);
        }
        try (FrameSource src = FrameSource.open(mxf, SourceOptions.DEFAULT.withNumberFromTimecode(true))) {
            assertEquals(10L * 3600 * 25, src.firstFrameNumber());
            assertEquals(10L * 3600 * 25 + 4, src.read(10L * 3600 * 25 + 4).number());
        }
    }

    @Test
    void hevc10BitInMkvWithBFrames() throws Exception {
        MediaTools.requireCli();
        Path mkv = dir.resolve("hevc.mkv");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=96x64:rate=25", "-frames:v", "24", "-c:v", "libx265",
                "-x265-params", "log-level=error:bframes=3:keyint=8", "-pix_fmt", "yuv420p10le", mkv.toString());
        try (FrameSource src = FrameSource.open(mkv)) {
            assertEquals(24, src.frameCount());
            assertEquals(FrameRate.of(25), src.frameRate());
            assertEquals("hevc yuv420p10le", src.format());
            assertFalse(src.variableFrameRate());
            compareWithCli(src, mkv, List.of(23, 1, 9, 0, 14), 0.5 / 1023);
        }
    }

    @Test
    void variableFrameRateByTimestamps() throws Exception {
        MediaTools.requireCli();
        for (String ext : new String[] {"mkv", "mp4"}) {
            Path clip = dir.resolve("vfr." + ext);
            // frames 0-9 every 1/25 s, frames 10-19 every 2/25 s
            MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25", "-frames:v", "20", "-vf",
                    "setpts='(N+gte(N,10)*(N-10))/25/TB'", "-vsync", "vfr", "-c:v", "libx264", "-bf", "2",
                    "-pix_fmt", "yuv420p", clip.toString());
            try (FrameSource src = FrameSource.open(clip)) {
                assertEquals(20, src.frameCount(), ext);
                assertTrue(src.variableFrameRate(), ext);
                assertEquals(0.36, src.presentationTime(9), 1e-3, ext);
                assertEquals(0.40, src.presentationTime(10), 1e-3, ext);
                assertEquals(1.12, src.presentationTime(19), 1e-3, ext);
                compareWithCli(src, clip, List.of(19, 10, 0, 12), 1.0 / 65535);
                assertEquals(13, src.next().number());
            }
        }
    }

    @Test
    void timecodeInMovAndMkv() throws Exception {
        MediaTools.requireCli();
        Path mov = dir.resolve("tc.mov");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25", "-frames:v", "5", "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-timecode", "01:00:00:00", mov.toString());
        try (FrameSource src = FrameSource.open(mov)) {
            assertEquals(5, src.frameCount());
            assertEquals(Timecode.parse("01:00:00:00"), src.timecode().orElseThrow());
            assertEquals(0, src.firstFrameNumber());
        }
        Path mkv = dir.resolve("tc.mkv");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25", "-frames:v", "3", "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-timecode", "00:10:00:12", mkv.toString());
        try (FrameSource src = FrameSource.open(mkv)) {
            assertEquals(3, src.frameCount());
            assertEquals(Timecode.parse("00:10:00:12"), src.timecode().orElseThrow());
        }
        Path df = dir.resolve("df.mov");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=30000/1001", "-frames:v", "5", "-c:v",
                "prores_ks", "-timecode", "00:59:59;28", df.toString());
        try (FrameSource src = FrameSource.open(df, SourceOptions.DEFAULT.withNumberFromTimecode(true))) {
            assertEquals(new FrameRate(30000, 1001), src.frameRate());
            Timecode tc = src.timecode().orElseThrow();
            assertTrue(tc.dropFrame());
            assertEquals("00:59:59;28", tc.text());
            // drop-frame: one hour is 107892 frames; 00:59:59;28 is two before
            assertEquals(107890, src.firstFrameNumber());
            assertEquals("01:00:00;02", tc.plusFrames(4, src.frameRate()).text());
        }
    }

    @Test
    void pngSequenceFrom1001Keeps16Bits() throws Exception {
        MediaTools.requireCli();
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25", "-frames:v", "6", "-vf", "format=rgb48be",
                "-start_number", "1001", dir.resolve("shot.%04d.png").toString());
        for (String given : new String[] {"shot.%04d.png", "shot.####.png", "shot.1003.png"}) {
            try (FrameSource src = FrameSource.open(dir.resolve(given))) {
                assertEquals(1001, src.firstFrameNumber(), given);
                assertEquals(1006, src.lastFrameNumber(), given);
                assertEquals(6, src.frameCount(), given);
                assertEquals(List.of(), src.missingFrames());
                assertEquals(64, src.width());
                assertEquals("png rgb48be", src.format());
                assertEquals(1001, src.next().number());
                Frame f = src.read(1004);
                assertEquals(1004, f.number());
                // javax.imageio reads the same file independently
                BufferedImage img = ImageIO.read(dir.resolve("shot.1004.png").toFile());
                assertEquals(0, maxDiffToImage(f, img), 1e-7, given);
                assertEquals(1005, src.next().number());
                assertEquals(1006, src.next().number());
                assertNull(src.next());
            }
        }
    }

    @Test
    void sixteenBitGradientReadsInStepsOf65535th() throws Exception {
        int w = 256;
        int h = 4;
        BufferedImage rgb = new BufferedImage(new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT),
                java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_USHORT, w, h, 3, null),
                false, null);
        BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = rgb.getRaster();
        WritableRaster g = grey.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setPixel(x, y, new int[] {30000 + x, 40000 + x + y, 1000 + 2 * x});
                g.setSample(x, y, 0, 50000 + x);
            }
        }
        Path rgbFile = dir.resolve("gradient-rgb.png");
        Path greyFile = dir.resolve("gradient-grey.png");
        assertTrue(ImageIO.write(rgb, "png", rgbFile.toFile()));
        assertTrue(ImageIO.write(grey, "png", greyFile.toFile()));
        try (FrameSource src = FrameSource.open(rgbFile)) {
            assertEquals(1, src.frameCount());
            Frame f = src.read(0);
            for (int x = 0; x < w; x++) {
                assertEquals((30000 + x) / 65535.0, f.get(0, x, 1), 1e-7);
                assertEquals((40000 + x + 1) / 65535.0, f.get(1, x, 1), 1e-7);
                assertEquals((1000 + 2 * x) / 65535.0, f.get(2, x, 1), 1e-7);
            }
            assertEquals(1.0 / 65535, f.get(0, 11, 0) - f.get(0, 10, 0), 1e-7);
        }
        try (FrameSource src = FrameSource.open(greyFile)) {
            Frame f = src.read(0);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals((50000 + x) / 65535.0, f.get(c, x, 2), 1e-7, "grey16 x=" + x);
                }
            }
        }
    }

    @Test
    void oneBitAndPalettePngs() throws Exception {
        MediaTools.requireCli();
        for (String pix : new String[] {"monob", "pal8", "rgb24", "rgba", "gray", "ya8", "gray16be", "rgba64be"}) {
            Path png = dir.resolve(pix + "-still.png");
            MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=32x24", "-frames:v", "1", "-pix_fmt", pix,
                    png.toString());
            try (FrameSource src = FrameSource.open(png)) {
                assertEquals(1, src.frameCount());
                assertEquals(0, src.firstFrameNumber());
                Frame f = src.read(0);
                BufferedImage img = ImageIO.read(png.toFile());
                double max = 0;
                for (int y = 0; y < 24; y++) {
                    for (int x = 0; x < 32; x++) {
                        int argb = img.getRGB(x, y);
                        // grey: the raw sample (getRGB would convert Java's linear grey space to sRGB)
                        boolean grey = img.getRaster().getNumBands() <= 2
                                && !(img.getColorModel() instanceof java.awt.image.IndexColorModel);
                        int bits = img.getColorModel().getComponentSize(0);
                        for (int c = 0; c < 3; c++) {
                            double v = grey ? img.getRaster().getSample(x, y, 0) / (double) ((1 << bits) - 1)
                                    : ((argb >> (16 - 8 * c)) & 0xFF) / 255.0;
                            max = Math.max(max, Math.abs(v - f.get(c, x, y)));
                        }
                    }
                }
                System.out.printf("%s png: max diff to ImageIO %.2e%n", pix, max);
                assertEquals(0, max, pix.equals("rgba64be") ? 0.5 / 255 + 1e-6 : 1e-6, pix);
            }
        }
    }

    @Test
    void tiffAndJpegSequences() throws Exception {
        MediaTools.requireCli();
        // 16-bit TIFF: read exactly (javax.imageio reads the same samples)
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=48x32:rate=25", "-frames:v", "3", "-pix_fmt", "rgb48le",
                "-start_number", "98", dir.resolve("t.%03d.tif").toString());
        try (FrameSource src = FrameSource.open(dir.resolve("t.###.tif"))) {
            assertEquals(98, src.firstFrameNumber());
            assertEquals(3, src.frameCount());
            assertEquals("tiff rgb48le", src.format());
            Frame f = src.read(99);
            java.awt.image.Raster r = ImageIO.read(dir.resolve("t.099.tif").toFile()).getRaster();
            double max = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 48; x++) {
                    for (int c = 0; c < 3; c++) {
                        max = Math.max(max, Math.abs(r.getSample(x, y, c) / 65535.0 - f.get(c, x, y)));
                    }
                }
            }
            assertEquals(0, max, 1e-7);
        }
        // JPEG: full-range BT.601 (JFIF), as ffmpeg decodes it
        Path jpgs = dir.resolve("j.%04d.jpg");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=48x32:rate=25", "-frames:v", "3", "-q:v", "2",
                jpgs.toString());
        try (FrameSource src = FrameSource.open(dir.resolve("j.0002.jpg"))) {
            assertEquals(1, src.firstFrameNumber());
            assertEquals(3, src.frameCount());
            assertTrue(src.format().startsWith("mjpeg yuvj4"), src.format());
            Frame f = src.read(2);
            int[] ref = MediaTools.decode16(dir.resolve("j.0002.jpg"), "rgb48le", 48, 32, Set.of(0), SWS).get(0);
            double max = MediaTools.maxDiff(f, ref, 3);
            System.out.printf("jpeg: max diff to ffmpeg rgb48le %.2e%n", max);
            assertTrue(max <= 0.5 / 1023, "jpeg differs by " + max);
        }
    }

    /** sRGB encoding of a linear value, IEC 61966-2-1, clamped to [0, 1] (written out here, not taken from main). */
    static double srgb(double v) {
        if (!(v > 0)) {
            return 0;
        }
        if (v >= 1) {
            return 1;
        }
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    @Test
    void linearExrSequenceKeepsItsValuesAndIsEncodedToSrgbForTheNetwork() throws Exception {
        MediaTools.requireCli();
        int w = 16;
        int h = 3;
        int frames = 2;
        // planar float input for ffmpeg: G, B, R planes per frame (gbrpf32le); linear values incl. > 1 and < 0
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(frames * 3 * w * h * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[][] linear = new float[frames][3 * w * h];
        for (int n = 0; n < frames; n++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < w * h; i++) {
                    linear[n][c * w * h + i] = -0.1f + (i + 5 * c + n) * 0.03f; // -0.1 .. 1.5
                }
            }
            for (int c : new int[] {1, 2, 0}) {
                for (int i = 0; i < w * h; i++) {
                    bb.putFloat(linear[n][c * w * h + i]);
                }
            }
        }
        Path raw = dir.resolve("lin.raw");
        java.nio.file.Files.write(raw, bb.array());
        for (String type : new String[] {"float", "half"}) {
            Path pattern = dir.resolve(type + ".%04d.exr");
            MediaTools.ffmpeg("-f", "rawvideo", "-pix_fmt", "gbrpf32le", "-s", w + "x" + h, "-i", raw.toString(),
                    "-c:v", "exr", "-format", type, "-compression", "zip1", "-start_number", "1001",
                    pattern.toString());
            try (FrameSource src = FrameSource.open(dir.resolve(type + ".####.exr"))) {
                assertEquals(1001, src.firstFrameNumber());
                assertEquals(2, src.frameCount());
                assertTrue(src.format().startsWith(type.equals("half") ? "exr gbrpf16" : "exr gbrpf32"), src.format());
                // half floats carry 11 significant bits: about 5e-4 relative, about 3e-4 after the sRGB curve
                double tol = type.equals("half") ? 6e-4 : 1e-6;
                assertTrue(src.sceneLinear(), "an OpenEXR source is scene-linear");
                for (int n = 0; n < frames; n++) {
                    Frame f = src.read(1001 + n);
                    assertTrue(f.sceneLinear());
                    float[] net = ColorSpace.AUTO.toNetwork(f);
                    for (int i = 0; i < 3 * w * h; i++) {
                        // the frame holds the file's values, unclamped (half: within one step, ffmpeg truncates)
                        double stored = linear[n][i];
                        double exact = type.equals("half") ? 0x1p-10 * Math.abs(stored) + 1e-7 : 0.0;
                        assertEquals(stored, f.rgb()[i], exact, type + " frame " + n + " value " + i);
                        assertEquals(srgb(linear[n][i]), net[i], tol, type + " frame " + n + " network value " + i);
                    }
                }
            }
        }
    }

    static double maxDiffToImage(Frame f, BufferedImage img) {
        WritableRaster r = img.getRaster();
        int bands = r.getNumBands();
        double scale = r.getSampleModel().getSampleSize(0) == 16 ? 65535.0 : 255.0;
        double max = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    double v = r.getSample(x, y, bands >= 3 ? c : 0) / scale;
                    max = Math.max(max, Math.abs(v - f.get(c, x, y)));
                }
            }
        }
        return max;
    }
}
