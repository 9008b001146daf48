package org.facemat.media.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facemat.io.AtomicFile;
import org.facemat.media.Frame;
import org.facemat.media.FrameRate;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaTools;
import org.facemat.media.Timecode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sinks, read back independently with ffprobe, the ffmpeg CLI and javax.imageio. */
class SinksTest {
    @TempDir
    Path dir;

    /** A plate with smooth colour ramps that change per frame. */
    static Frame plate(int w, int h, int n) {
        Frame f = new Frame(w, h);
        float[] rgb = f.rgb();
        int area = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                rgb[i] = (x + n) / (float) (w + 20);
                rgb[area + i] = y / (float) (h - 1);
                rgb[2 * area + i] = 0.25f + 0.5f * ((x + y) % 7) / 6f;
            }
        }
        return f;
    }

    /** A matte that walks through every 16-bit-ish level: fine ramp, fully 0 and 1 areas. */
    static float[] matte(int w, int h, int n) {
        float[] a = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = ((y * w + x) * 37 + n * 1000) % 4001 / 4000f;
                if (x < 4) {
                    v = 0;
                } else if (x >= w - 4) {
                    v = 1;
                }
                a[y * w + x] = v;
            }
        }
        return a;
    }

    private void noLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> partial = s.filter(p -> AtomicFile.finalNameOf(p.getFileName().toString()).isPresent()).toList();
            assertEquals(List.of(), partial, "temporary files left behind");
        }
    }

    @Test
    void proRes4444MatteInAlpha() throws Exception {
        MediaTools.requireCli();
        int w = 96;
        int h = 64;
        int frames = 12;
        FrameRate rate = FrameRate.of(25);
        Path mov = dir.resolve("matte.mov");
        try (ProResWriter wr = new ProResWriter(mov, w, h, rate, Timecode.parse("01:00:00:00"),
                ProResWriter.RgbContent.PLATE)) {
            for (int n = 0; n < frames; n++) {
                wr.write(plate(w, h, n), matte(w, h, n));
                assertFalse(Files.exists(mov), "final name appears only when finished");
            }
            wr.finish();
        }
        assertTrue(Files.exists(mov));
        noLeftovers();
        Map<String, String> p = MediaTools.probe(mov, false);
        System.out.println("ffprobe: codec_name=" + p.get("stream.codec_name") + " profile=" + p.get("stream.profile")
                + " pix_fmt=" + p.get("stream.pix_fmt") + " codec_tag=" + p.get("stream.codec_tag_string")
                + " nb_frames=" + p.get("stream.nb_frames") + " r_frame_rate=" + p.get("stream.r_frame_rate")
                + " timecode=" + p.get("stream.tags.timecode") + " color_space=" + p.get("stream.color_space"));
        assertEquals("prores", p.get("stream.codec_name"));
        assertEquals("4444", p.get("stream.profile"));
        assertEquals("ap4h", p.get("stream.codec_tag_string"));
        assertTrue(p.get("stream.pix_fmt").startsWith("yuva444p1"), p.get("stream.pix_fmt"));
        assertEquals(String.valueOf(frames), p.get("stream.nb_frames"));
        assertEquals("25/1", p.get("stream.r_frame_rate"));
        assertEquals("01:00:00:00", p.get("stream.tags.timecode"));
        assertEquals("bt709", p.get("stream.color_space"));
        assertEquals("mov,mp4,m4a,3gp,3g2,mj2", p.get("format.format_name"));

        // alpha: ProRes keeps 10-bit alpha losslessly: half a 10-bit step of quantisation, plus the reader's
        // 12 -> 16 bit expansion (about 0.2/1023); measured 0.74/1023
        Map<Integer, int[]> back = MediaTools.decode16(mov, "rgba64le", w, h, Set.of(0, 7, 11));
        double worstA = 0;
        double worstRgb = 0;
        for (int n : new int[] {0, 7, 11}) {
            float[] a = matte(w, h, n);
            Frame pl = plate(w, h, n);
            int[] v = back.get(n);
            for (int i = 0; i < w * h; i++) {
                worstA = Math.max(worstA, Math.abs(v[4 * i + 3] / 65535.0 - a[i]));
                for (int c = 0; c < 3; c++) {
                    worstRgb = Math.max(worstRgb, Math.abs(v[4 * i + c] / 65535.0 - pl.rgb()[c * w * h + i]));
                }
            }
        }
        System.out.printf("ProRes 4444 read back by ffmpeg: alpha max error %.6f (%.2f/1023), RGB max error %.5f"
                + " (%.2f/255)%n", worstA, worstA * 1023, worstRgb, worstRgb * 255);
        assertTrue(worstA <= 1.0 / 1023, "alpha error " + worstA);
        assertTrue(worstRgb <= 4.0 / 255, "rgb error " + worstRgb);

        // and our own reader gets the plate back, frame for frame, with the timecode
        try (FrameSource src = FrameSource.open(mov)) {
            assertEquals(frames, src.frameCount());
            assertEquals(rate, src.frameRate());
            assertEquals("01:00:00:00", src.timecode().orElseThrow().text());
            Frame f = src.read(7);
            double max = 0;
            Frame pl = plate(w, h, 7);
            for (int i = 0; i < f.rgb().length; i++) {
                max = Math.max(max, Math.abs(f.rgb()[i] - pl.rgb()[i]));
            }
            System.out.printf("ProRes 4444 plate read back by FrameSource: max error %.5f (%.2f/255)%n", max,
                    max * 255);
            assertTrue(max <= 4.0 / 255, "plate error " + max);
        }
    }

    @Test
    void proResRgbIsTheMatteOnRequest() throws Exception {
        MediaTools.requireCli();
        int w = 64;
        int h = 48;
        Path mov = dir.resolve("matte-rgb.mov");
        try (ProResWriter wr = new ProResWriter(mov, w, h, new FrameRate(24000, 1001), null,
                ProResWriter.RgbContent.MATTE)) {
            for (int n = 0; n < 3; n++) {
                wr.write((Frame) null, matte(w, h, n));
            }
            wr.finish();
        }
        Map<String, String> p = MediaTools.probe(mov, false);
        assertEquals("24000/1001", p.get("stream.r_frame_rate"));
        assertEquals("3", p.get("stream.nb_frames"));
        assertEquals(null, p.get("stream.tags.timecode"));
        int[] v = MediaTools.decode16(mov, "rgba64le", w, h, Set.of(1)).get(1);
        float[] a = matte(w, h, 1);
        double worstRgb = 0;
        double worstA = 0;
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) {
                worstRgb = Math.max(worstRgb, Math.abs(v[4 * i + c] / 65535.0 - a[i]));
            }
            worstA = Math.max(worstA, Math.abs(v[4 * i + 3] / 65535.0 - a[i]));
        }
        System.out.printf("ProRes 4444 with RGB = matte: RGB max error %.5f (%.2f/1023), alpha %.5f (%.2f/1023)%n",
                worstRgb, worstRgb * 1023, worstA, worstA * 1023);
        assertTrue(worstA <= 1.0 / 1023, "alpha error " + worstA);
        assertTrue(worstRgb <= 8.0 / 1023, "rgb error " + worstRgb);
    }

    @Test
    void png16GreySequence() throws Exception {
        int w = 70;
        int h = 30;
        try (PngSequenceWriter wr = new PngSequenceWriter(dir.resolve("matte.####.png"), w, h,
                SequenceWriter.Channels.GREY)) {
            for (long n = 1001; n <= 1003; n++) {
                Path out = wr.write(n, matte(w, h, (int) n));
                assertEquals(dir.resolve("matte." + n + ".png").toAbsolutePath(), out);
            }
            assertTrue(wr.exists(1002));
            assertFalse(wr.exists(1004));
        }
        noLeftovers();
        BufferedImage img = ImageIO.read(dir.resolve("matte.1002.png").toFile());
        assertEquals(16, img.getColorModel().getComponentSize(0));
        assertEquals(1, img.getRaster().getNumBands());
        float[] a = matte(w, h, 1002);
        assertEquals(0, maxError(img.getRaster(), a, 0), 0.5 / 65535 + 1e-9);
        // the reader sees the sequence from 1001
        try (FrameSource src = FrameSource.open(dir.resolve("matte.%04d.png"))) {
            assertEquals(1001, src.firstFrameNumber());
            assertEquals(3, src.frameCount());
            assertEquals("png gray16be", src.format());
        }
    }

    @Test
    void png16RgbaReadBackByFfmpeg() throws Exception {
        MediaTools.requireCli();
        int w = 40;
        int h = 20;
        Frame pl = plate(w, h, 3);
        float[] a = matte(w, h, 3);
        try (PngSequenceWriter wr = new PngSequenceWriter(dir.resolve("rgba.%04d.png"), w, h,
                SequenceWriter.Channels.RGBA)) {
            wr.write(12, pl.rgb(), a);
        }
        Path file = dir.resolve("rgba.0012.png");
        Map<String, String> p = MediaTools.probe(file, false);
        assertEquals("png", p.get("stream.codec_name"));
        assertEquals("rgba64be", p.get("stream.pix_fmt"));
        int[] v = MediaTools.decode16(file, "rgba64le", w, h, Set.of(0)).get(0);
        double worst = 0;
        for (int i = 0; i < w * h; i++) {
            worst = Math.max(worst, Math.abs(v[4 * i + 3] / 65535.0 - a[i]));
            for (int c = 0; c < 3; c++) {
                worst = Math.max(worst, Math.abs(v[4 * i + c] / 65535.0 - pl.rgb()[c * w * h + i]));
            }
        }
        assertTrue(worst <= 0.5 / 65535 + 1e-9, "error " + worst);
    }

    @Test
    void tiff16GreyAndRgba() throws Exception {
        int w = 33;
        int h = 17;
        float[] a = matte(w, h, 5);
        Frame pl = plate(w, h, 5);
        try (TiffSequenceWriter grey = new TiffSequenceWriter(dir.resolve("m.%04d.tif"), w, h,
                SequenceWriter.Channels.GREY);
             TiffSequenceWriter rgba = new TiffSequenceWriter(dir.resolve("c.%04d.tif"), w, h,
                     SequenceWriter.Channels.RGBA)) {
            grey.write(5, a);
            rgba.write(5, pl.rgb(), a);
        }
        noLeftovers();
        BufferedImage g = ImageIO.read(dir.resolve("m.0005.tif").toFile());
        assertEquals(16, g.getColorModel().getComponentSize(0));
        assertEquals(0, maxError(g.getRaster(), a, 0), 0.5 / 65535 + 1e-9);
        BufferedImage c = ImageIO.read(dir.resolve("c.0005.tif").toFile());
        assertEquals(4, c.getRaster().getNumBands());
        assertEquals(0, maxError(c.getRaster(), a, 3), 0.5 / 65535 + 1e-9);
        float[] red = java.util.Arrays.copyOfRange(pl.rgb(), 0, w * h);
        assertEquals(0, maxError(c.getRaster(), red, 0), 0.5 / 65535 + 1e-9);
    }

    /** The chunk types of a PNG file, in order, each with its data. */
    static List<Map.Entry<String, byte[]>> pngChunks(Path file) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
        b.position(8);
        List<Map.Entry<String, byte[]>> chunks = new java.util.ArrayList<>();
        while (b.remaining() >= 12) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            b.getInt(); // CRC
            chunks.add(Map.entry(new String(type, java.nio.charset.StandardCharsets.US_ASCII), data));
        }
        return chunks;
    }

    /** A grey matte PNG is data: gAMA 1.0, no sRGB/iCCP chunk, and 72 dpi (2835 pixels per metre). */
    @Test
    void pngMatteIsTaggedAsDataAt72Dpi() throws Exception {
        try (PngSequenceWriter wr = new PngSequenceWriter(dir.resolve("m.####.png"), 8, 4,
                SequenceWriter.Channels.GREY)) {
            wr.write(1, matte(8, 4, 1));
        }
        Map<String, byte[]> chunks = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, byte[]> c : pngChunks(dir.resolve("m.0001.png"))) {
            chunks.putIfAbsent(c.getKey(), c.getValue());
        }
        assertFalse(chunks.containsKey("sRGB"), "no sRGB chunk: " + chunks.keySet());
        assertFalse(chunks.containsKey("iCCP"), "no ICC profile: " + chunks.keySet());
        byte[] gama = chunks.get("gAMA");
        assertTrue(gama != null, "a gAMA chunk: " + chunks.keySet());
        assertEquals(100000, java.nio.ByteBuffer.wrap(gama).getInt(), "gAMA 1.0 (linear: data)");
        java.nio.ByteBuffer phys = java.nio.ByteBuffer.wrap(chunks.get("pHYs"));
        assertEquals(PngSequenceWriter.PIXELS_PER_METRE, phys.getInt());
        assertEquals(PngSequenceWriter.PIXELS_PER_METRE, phys.getInt());
        assertEquals(1, phys.get(), "unit: metre");
        if (MediaTools.onPath("oiiotool")) { // an independent reader agrees
            String info = MediaTools.text("oiiotool", "--info", "-v", dir.resolve("m.0001.png").toString());
            System.err.println("oiiotool --info -v of a matte PNG:\n" + info);
            assertTrue(info.contains("ResolutionUnit: \"inch\""), info);
            assertTrue(info.contains("XResolution: 72.0") && info.contains("YResolution: 72.0"), info);
            assertTrue(info.contains("oiio:ColorSpace: \"linear\"") && info.contains("oiio:Gamma: 1"), info);
        } else {
            System.err.println("SKIPPED (part): oiiotool is not installed (apt-get install openimageio-tools)");
        }
    }

    /** A TIFF matte says 72 dpi, unit inch; read back by oiiotool. */
    @Test
    void tiffMatteIs72DpiPerInch() throws Exception {
        try (TiffSequenceWriter wr = new TiffSequenceWriter(dir.resolve("m.####.tif"), 8, 4,
                SequenceWriter.Channels.GREY)) {
            wr.write(1, matte(8, 4, 1));
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(MediaTools.onPath("oiiotool"),
                "SKIPPED: oiiotool is not installed (apt-get install openimageio-tools)");
        String info = MediaTools.text("oiiotool", "--info", "-v", dir.resolve("m.0001.tif").toString());
        assertTrue(info.contains("ResolutionUnit: \"in"), info);
        assertTrue(info.contains("XResolution: 72") && info.contains("YResolution: 72"), info);
        assertTrue(info.contains("tiff:PhotometricInterpretation: 1"), "BlackIsZero grey: " + info);
        assertTrue(!info.contains("ICCProfile") && !info.contains("oiio:ColorSpace: \"sRGB\""), info);
    }

    static double maxError(Raster r, float[] expected, int band) {
        double max = 0;
        for (int y = 0; y < r.getHeight(); y++) {
            for (int x = 0; x < r.getWidth(); x++) {
                max = Math.max(max, Math.abs(r.getSample(x, y, band) / 65535.0 - expected[y * r.getWidth() + x]));
            }
        }
        return max;
    }

    @Test
    void previewIsH264WithOverlay() throws Exception {
        MediaTools.requireCli();
        int w = 65;
        int h = 49;
        int frames = 9;
        Path mp4 = dir.resolve("preview.mp4");
        float[] a = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                a[y * w + x] = x < w / 2 ? 1f : 0f;
            }
        }
        Frame grey = new Frame(w, h);
        java.util.Arrays.fill(grey.rgb(), 0.5f);
        try (PreviewWriter wr = new PreviewWriter(mp4, w, h, FrameRate.of(24), Timecode.parse("00:00:10:00"))) {
            for (int n = 0; n < frames; n++) {
                wr.write(grey, a);
            }
            wr.finish();
        }
        noLeftovers();
        Map<String, String> p = MediaTools.probe(mp4, true);
        assertEquals("h264", p.get("stream.codec_name"));
        assertEquals("yuv420p", p.get("stream.pix_fmt"));
        assertEquals(String.valueOf(frames), p.get("stream.nb_read_frames"));
        assertEquals("24/1", p.get("stream.r_frame_rate"));
        assertEquals("66", p.get("stream.width"));
        assertEquals("50", p.get("stream.height"));
        int[] v = MediaTools.decode16(mp4, "rgb48le", 66, 50, Set.of(4)).get(4);
        // inside the matte: the plate with a light tint; outside: the plate dimmed, still in colour
        int in = 25 * 66 + 10;
        int out = 25 * 66 + 55;
        for (int c = 0; c < 3; c++) {
            float inside = (1 - PreviewWriter.TINT_AMOUNT) * 0.5f + PreviewWriter.TINT_AMOUNT * PreviewWriter.TINT[c];
            assertEquals(inside, v[3 * in + c] / 65535.0, 0.03, "inside channel " + c);
            assertEquals(PreviewWriter.OUTSIDE * 0.5, v[3 * out + c] / 65535.0, 0.03, "outside channel " + c);
        }
        // the outline on the matte's last column (x = 31) is greener than the inside
        int edge = 25 * 66 + 31;
        assertTrue(v[3 * edge + 1] / 65535.0 > v[3 * in + 1] / 65535.0 + 0.1, "no outline at the matte's edge");
        // the bar at the bottom: dark, with the frame number burnt in (bright pixels)
        int bar = PreviewWriter.barHeight(h);
        double sum = 0;
        double max = 0;
        for (int y = h - bar; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double g = v[3 * (y * 66 + x) + 1] / 65535.0;
                sum += g;
                max = Math.max(max, g);
            }
        }
        assertTrue(sum / (bar * w) < 0.3, "bar not darkened: mean " + sum / (bar * w));
        assertTrue(max > 0.7, "no text burnt into the bar: brightest " + max);
    }

    /**
     * The uncertainty view with the review marks: a frame above the threshold has a red border and the others none;
     * the heat map is hot where the uncertainty is high and leaves the grey plate where it is about 0.
     */
    @Test
    void uncertaintyPreviewShowsTheHeatMapAndMarksFramesAboveTheThreshold() throws Exception {
        MediaTools.requireCli();
        int w = 96;
        int h = 72;
        Path mp4 = dir.resolve("uncertainty.mp4");
        float[] a = new float[w * h];
        float[] u = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                a[y * w + x] = 1f;
                u[y * w + x] = x < w / 2 ? 0f : 0.3f;
            }
        }
        Frame grey = new Frame(w, h);
        java.util.Arrays.fill(grey.rgb(), 0.5f);
        double[] scores = {0.02, 0.2, Double.NaN};
        try (PreviewWriter wr = new PreviewWriter(mp4, w, h, FrameRate.of(25), Timecode.parse("01:00:00:00"), null,
                PreviewWriter.View.UNCERTAINTY, 0.07)) {
            for (double score : scores) {
                wr.write(grey, a, u, Timecode.parse("01:00:00:00"), score);
            }
            wr.finish();
        }
        Map<Integer, int[]> frames = MediaTools.decode16(mp4, "rgb48le", w, h, Set.of(0, 1, 2));
        for (int k = 0; k < 3; k++) {
            int[] v = frames.get(k);
            boolean flagged = k == 1;
            int left = 3 * (h / 3 * w + 1);
            boolean red = v[left] > 0.7 * 65535 && v[left + 1] < 0.3 * 65535 && v[left + 2] < 0.3 * 65535;
            assertEquals(flagged, red, "frame " + k + ": red border");
            int sure = 3 * (h / 3 * w + w / 4);
            for (int c = 0; c < 3; c++) {
                assertEquals(PreviewWriter.HEAT_GREY * 0.5, v[sure + c] / 65535.0, 0.03, "sure pixel channel " + c);
            }
            int unsure = 3 * (h / 3 * w + 3 * w / 4);
            float[] hot = new float[3];
            HeatMap.color(0.3f, hot);
            for (int c = 0; c < 3; c++) {
                assertEquals(hot[c], v[unsure + c] / 65535.0, 0.05, "unsure pixel channel " + c);
            }
        }
    }

    @Test
    void failedOrUnfinishedWritesLeaveNoFile() throws Exception {
        Path mov = dir.resolve("broken.mov");
        try (ProResWriter wr = new ProResWriter(mov, 32, 16, FrameRate.of(25), null, ProResWriter.RgbContent.PLATE)) {
            wr.write(plate(32, 16, 0), matte(32, 16, 0));
            IOException e = assertThrows(IOException.class, () -> wr.write(plate(32, 16, 1), new float[5]));
            assertTrue(e.getMessage().startsWith(mov.toString()), e.getMessage());
            assertThrows(IOException.class, wr::finish);
        }
        assertFalse(Files.exists(mov));
        Path unfinished = dir.resolve("unfinished.mp4");
        try (PreviewWriter wr = new PreviewWriter(unfinished, 32, 16, FrameRate.of(25), null)) {
            wr.write(plate(32, 16, 0), matte(32, 16, 0));
            // an exception in the caller skips finish()
        }
        assertFalse(Files.exists(unfinished));
        noLeftovers();
        // a file where the folder should be
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "x");
        IOException e = assertThrows(IOException.class, () -> new ProResWriter(blocker.resolve("m.mov"), 32, 16,
                FrameRate.of(25), null, ProResWriter.RgbContent.PLATE));
        System.out.println("message: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(blocker.resolve("m.mov").toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        IOException e2 = assertThrows(IOException.class, () -> new PngSequenceWriter(dir.resolve("nonumber.png"), 8, 8,
                SequenceWriter.Channels.GREY));
        System.out.println("message: " + e2.getMessage());
    }
}
