package org.facemat.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.facemat.media.FramePattern;
import org.facemat.media.Timecode;
import org.facemat.media.exr.ExrAttribute;
import org.facemat.media.exr.ExrChannel;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrOptions;
import org.facemat.media.exr.ExrWriter;
import org.facemat.media.exr.PixelType;
import org.facemat.media.exr.Rational;
import org.facemat.render.ExrPass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review report from scores and EXR frames written here (no model, no plate, no browser). */
class ReviewReportTest {
    @TempDir
    Path dir;

    private static FrameScore score(long n, double s) {
        return new FrameScore(n, Timecode.fromFrames(90000 + n, org.facemat.media.FrameRate.of(25), false).text(), s,
                s, 0.1, 0, 0.05);
    }

    @Test
    void selectionShowsEachRangesPeakFirstAndLastAndASampleOfTheRest() {
        List<FrameScore> frames = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            double s = n >= 10 && n <= 40 ? (n == 23 ? 0.3 : 0.12) : (n == 100 || n == 101 ? 0.2 : 0.03);
            frames.add(score(n, s));
        }
        ReviewFile r = ReviewFile.of("s", null, null, null, Map.of(), 0.08, frames);
        assertEquals(2, r.flagged().size());
        ReviewReport.Selection sel = ReviewReport.select(r);
        List<Long> first = sel.flagged().get(r.flagged().get(0));
        assertEquals(ReviewReport.PER_RANGE, first.size(), first.toString());
        assertTrue(first.contains(10L) && first.contains(40L) && first.contains(23L), first.toString());
        assertEquals(List.of(100L, 101L), sel.flagged().get(r.flagged().get(1)));
        assertEquals(ReviewReport.SAMPLE, sel.others().size());
        assertTrue(sel.others().contains(0L) && sel.others().contains(199L), sel.others().toString());
        for (long n : sel.others()) {
            assertFalse(n >= 10 && n <= 40 || n == 100 || n == 101, "flagged frame " + n + " in the sample");
        }
        assertEquals(ReviewReport.PER_RANGE + 2 + ReviewReport.SAMPLE, sel.all().size());
    }

    @Test
    void escapesTextForContentAndAttributes() {
        assertEquals("a&lt;b&gt;&amp;&quot;c&#39;", ReviewPage.esc("a<b>&\"c'"));
        assertEquals("", ReviewPage.esc(null));
    }

    /** Six 16x12 EXR frames of a render, frames 1001-1006, 1003 and 1004 above the threshold. */
    private FramePattern frames(String name, boolean withScores) throws IOException {
        FramePattern p = FramePattern.parse(dir.resolve(name + ".####.exr"));
        try (ExrWriter w = new ExrWriter()) {
            for (int n = 1001; n <= 1006; n++) {
                float[] a = new float[16 * 12];
                float[] u = new float[16 * 12];
                for (int y = 3; y < 9; y++) {
                    for (int x = 4; x < 12; x++) {
                        a[y * 16 + x] = 1f;
                        u[y * 16 + x] = (x == 4 || x == 11) ? 0.25f : 0.01f;
                    }
                }
                ExrOptions o = ExrOptions.defaults().withString("facemat/model", "facemat-face")
                        .withFramesPerSecond(new Rational(24, 1))
                        .withTimeCode(Timecode.parse("01:00:00:00").plusFrames(n - 1001,
                                org.facemat.media.FrameRate.of(24)));
                if (withScores) {
                    double s = n == 1003 || n == 1004 ? 0.15 + (n - 1003) * 0.01 : 0.04;
                    o = o.withAttribute(ExrAttribute.floatValue(ExrPass.REVIEW + "score", (float) s))
                            .withAttribute(ExrAttribute.floatValue(ExrPass.REVIEW + "uncertainty", (float) s));
                }
                w.write(new ExrImage(16, 12, new ExrChannel("A", PixelType.HALF, a),
                        new ExrChannel(ExrPass.UNCERTAINTY_CHANNEL, PixelType.HALF, u)), o, p.path(n));
            }
        }
        return p;
    }

    @Test
    void reportFromExrHeadersHasThePlotThumbnailsRangesAndEscapedNames() throws Exception {
        String shot = "sh<010>&\"v2'";
        frames(shot, true);
        ReviewSource src = ReviewSource.open(dir.resolve(shot + ".####.exr"), null);
        ReviewFile r = src.review();
        assertEquals(shot, r.shot());
        assertEquals("facemat-face", r.model());
        assertEquals("24/1", r.fps());
        assertNull(r.input());
        assertEquals(6, r.frames().size());
        assertEquals(1, r.flagged().size());
        FlaggedRange f = r.flagged().get(0);
        assertEquals(1003, f.first());
        assertEquals(1004, f.last());
        assertEquals(1004, f.peakFrame());
        assertEquals("01:00:00:02", f.timecodeIn());
        assertTrue(src.notes().stream().anyMatch(n -> n.contains("--plate")), src.notes().toString());

        Path out = dir.resolve("report");
        ReviewReport.Result res = ReviewReport.write(src, out);
        assertEquals(out.resolve("index.html"), res.page());
        assertEquals(6, res.thumbnails(), "every frame of a short shot is drawn");
        String html = Files.readString(res.page());
        assertFalse(html.contains(shot), "the shot's name is in the page unescaped");
        assertTrue(html.contains("sh&lt;010&gt;&amp;&quot;v2&#39;"), "the shot's name is not in the page");
        assertFalse(html.contains("http://") || html.contains("https://"), "the page refers to the network");
        Matcher m = Pattern.compile("<tr class=\"range\" data-first=\"(\\d+)\" data-last=\"(\\d+)\"").matcher(html);
        assertTrue(m.find());
        assertEquals("1003", m.group(1));
        assertEquals("1004", m.group(2));
        assertFalse(m.find(), "one range only");

        BufferedImage plot = ImageIO.read(out.resolve("img/score.png").toFile());
        assertEquals(2 * ReviewReport.PLOT_WIDTH, plot.getWidth());
        assertEquals(2 * ReviewReport.PLOT_HEIGHT, plot.getHeight());
        assertTrue(colours(plot) > 50, "the plot is nearly blank");
        for (int n = 1001; n <= 1006; n++) {
            for (String kind : List.of("matte", "uncertainty")) {
                BufferedImage t = ImageIO.read(out.resolve("img/" + n + "-" + kind + "-t.jpg").toFile());
                assertNotNull(t, n + " " + kind);
                assertEquals(16, t.getWidth(), "a picture smaller than a thumbnail is kept at its size");
                assertTrue(html.contains("src=\"img/" + n + "-" + kind + "-t.jpg\""), n + " " + kind
                        + " is not on the page");
            }
        }
        // the matte on black: the outline colour at the matte's edge, black outside
        BufferedImage large = ImageIO.read(out.resolve("img/1003-matte.jpg").toFile());
        int edge = large.getRGB(4, 5);
        assertTrue(((edge >> 8) & 0xff) > 150, "no outline: " + Integer.toHexString(edge));
        assertTrue((large.getRGB(0, 0) & 0xffffff) < 0x202020, "outside is not black");
        // the uncertainty view: the unsure columns are bright, the sure inside is not coloured
        BufferedImage heat = ImageIO.read(out.resolve("img/1003-uncertainty.jpg").toFile());
        int hot = heat.getRGB(4, 5);
        assertTrue(((hot >> 16) & 0xff) > 180, "unsure column not hot: " + Integer.toHexString(hot));
        assertTrue(((heat.getRGB(8, 5) >> 16) & 0xff) < 80, "sure pixels coloured");

        String json = Files.readString(out.resolve("review.json"));
        assertEquals(r.flagged(), ReviewFile.read(out.resolve("review.json")).flagged(), json);
        assertEquals(List.of("img", "index.html", "review.json"), list(out));
    }

    private static List<String> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int colours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }

    @Test
    void aBasePathPrefersTheReviewFileAndFindsTheFrames() throws Exception {
        FramePattern p = frames("sh020", true);
        ReviewFile fromHeaders = ReviewSource.fromHeaders(p);
        ReviewFile.of("sh020", "gone.mov", "m", "24/1", Map.of("ratio", "1.0"), 0.4, fromHeaders.frames())
                .write(dir.resolve("sh020.review.json"));
        ReviewSource s = ReviewSource.open(dir.resolve("sh020"), null);
        assertEquals(dir.resolve("sh020.review.json"), s.from());
        assertEquals(0.4, s.review().threshold());
        assertTrue(s.review().flagged().isEmpty(), "the review file's threshold, not the default");
        assertNotNull(s.frames(), "the EXR frames beside the review file are found");
        assertNull(s.plate());
        assertTrue(s.notes().stream().anyMatch(n -> n.contains("gone.mov")), s.notes().toString());
        ReviewSource j = ReviewSource.open(dir.resolve("sh020.review.json"), null);
        assertEquals(s.review(), j.review());
        Files.delete(dir.resolve("sh020.review.json"));
        assertEquals(fromHeaders, ReviewSource.open(dir.resolve("sh020"), null).review());
    }

    @Test
    void badInputsAreOneLineNamingTheFile() throws Exception {
        IOException e = assertThrows(IOException.class, () -> ReviewSource.open(dir.resolve("none.review.json"),
                null));
        assertEquals(dir.resolve("none.review.json") + ": file not found", e.getMessage());
        Files.writeString(dir.resolve("bad.review.json"), "{\"format\": 3");
        e = assertThrows(IOException.class, () -> ReviewSource.open(dir.resolve("bad.review.json"), null));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.review.json") + ": not a FaceMat review file"),
                e.getMessage());
        e = assertThrows(IOException.class, () -> ReviewSource.open(dir.resolve("nothing"), null));
        assertTrue(e.getMessage().startsWith(dir.resolve("nothing") + ": no review file"), e.getMessage());
        frames("old", false);
        e = assertThrows(IOException.class, () -> ReviewSource.open(dir.resolve("old.####.exr"), null));
        assertTrue(e.getMessage().startsWith(dir.resolve("old.1001.exr") + ": no review score"), e.getMessage());
        e = assertThrows(IOException.class, () -> ReviewSource.open(dir.resolve("x.####.exr"), null));
        assertTrue(e.getMessage().contains("no frames found"), e.getMessage());
        for (String m : List.of(e.getMessage())) {
            assertFalse(m.contains("\n"), m);
        }
    }

    @Test
    void aFolderOfOtherFilesIsNeverReplacedAndAnEarlierReportIs() throws Exception {
        frames("sh030", true);
        ReviewSource src = ReviewSource.open(dir.resolve("sh030"), null);
        Path other = dir.resolve("renders");
        Files.createDirectories(other);
        Files.writeString(other.resolve("keep.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> ReviewReport.write(src, other));
        assertTrue(e.getMessage().startsWith(other + ": exists and is not a FaceMat review report"), e.getMessage());
        assertEquals(List.of("keep.txt"), list(other));

        Path out = dir.resolve("rep");
        ReviewReport.write(src, out);
        Files.writeString(out.resolve("img/stale.jpg"), "x");
        ReviewReport.write(new ReviewSource(src.review().withThreshold(0.5), src.from(), src.frames(), src.plate(),
                src.notes()), out);
        assertFalse(Files.exists(out.resolve("img/stale.jpg")), "the earlier report was not replaced");
        assertTrue(Files.readString(out.resolve("index.html")).contains("No frame is above the threshold"));
        assertEquals(List.of("renders", "rep"), list(dir).stream().filter(n -> !n.endsWith(".exr")).toList(),
                "a temporary folder was left");
    }
}
