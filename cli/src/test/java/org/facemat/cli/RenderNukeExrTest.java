package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.exr.ExrChannelInfo;
import org.facemat.media.exr.ExrCompression;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.facemat.media.exr.PixelType;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.node.MatteNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --preset nuke-exr} on frames 10-13 of the sample clip, read back by three independent readers. */
class RenderNukeExrTest {
    /** Largest rounding error of a half for values in [0, 1): half a unit in the last place below 1. */
    static final float HALF_TOLERANCE = 0x1p-11f + 1e-6f;

    @TempDir
    static Path dir;
    static Path base;

    @BeforeAll
    static void renderOnce() {
        base = dir.resolve("renders/sample");
        Harness.Result r = Harness.render(Harness.sample().toString(), "--out", base.toString(), "--preset",
                "nuke-exr", "--frames", "10-13", "--preroll", "0", "--log", "quiet");
        assertEquals("", r.out(), "--log quiet prints nothing");
    }

    @Test
    void oneFilePerFrameNamedWithTheSourceNumbers() throws Exception {
        assertEquals(List.of("sample.0010.exr", "sample.0011.exr", "sample.0012.exr", "sample.0013.exr",
                        "sample.review.json"),
                Harness.names(base.getParent()));
    }

    @Test
    void headersHaveTheChannelsRateAndTimecodeOfEachFrame() throws Exception {
        for (int n = 10; n <= 13; n++) {
            Path f = base.getParent().resolve("sample.00" + n + ".exr");
            var h = ExrReader.verify(f);
            assertEquals(List.of(new ExrChannelInfo("A", PixelType.HALF, false, 1, 1),
                    new ExrChannelInfo("facemat.uncertainty", PixelType.HALF, false, 1, 1)), h.channels());
            assertEquals(ExrCompression.ZIP, h.compression());
            assertEquals(400, h.width());
            assertEquals(300, h.height());
            assertEquals("25/1", h.framesPerSecond().orElseThrow().toString());
            assertEquals("01:00:00:" + n, h.timeCode().orElseThrow().toString());
        }
    }

    @Test
    void exrheaderReadsTheSameHeader() {
        Harness.requireTools("exrheader");
        for (int n = 10; n <= 13; n++) {
            String h = Harness.execText("exrheader", base.getParent().resolve("sample.00" + n + ".exr").toString());
            assertTrue(Pattern.compile("^\\s+A, 16-bit floating-point", Pattern.MULTILINE).matcher(h).find(), h);
            assertTrue(Pattern.compile("^\\s+facemat\\.uncertainty, 16-bit floating-point", Pattern.MULTILINE)
                    .matcher(h).find(), h);
            assertTrue(h.contains("compression (type compression): zip"), h);
            assertTrue(h.contains("framesPerSecond (type rational): 25/1"), h);
            assertTrue(Pattern.compile("timeCode \\(type timecode\\):\\s+time 01:00:00:" + n + "\\b").matcher(h).find(),
                    h);
            assertTrue(h.contains("dataWindow (type box2i): (0 0) - (399 299)"), h);
        }
    }

    @Test
    void oiiotoolListsTheChannels() {
        Harness.requireTools("oiiotool");
        String info = Harness.execText("oiiotool", "--info", "-v", base.getParent().resolve("sample.0012.exr").toString());
        assertTrue(info.contains("400 x  300, 2 channel, half"), info);
        assertTrue(info.contains("channel list: A, facemat.uncertainty"), info);
        assertTrue(info.contains("smpte:TimeCode: 01:00:00:12"), info);
    }

    /** The pixels equal what the node (the face path, the default) computes for the same frames, from frame 10. */
    @Test
    void pixelsEqualTheNodeRunDirectly() throws Exception {
        List<MattePlanes> expected = new ArrayList<>();
        try (FrameSource src = FrameSource.open(Harness.sample());
             FaceMatModel model = FaceMatModel.open(Harness.model())) {
            MatteNode node = Harness.faceNode(model);
            Frame f = src.read(10);
            for (int n = 10; n <= 13; n++) {
                assertEquals(n, f.number());
                expected.add(node.process(f.rgb(), f.height(), f.width(), n));
                f = src.next();
            }
            assertEquals(1, node.resets(), "one fresh state, carried through the four frames");
        }
        for (int n = 10; n <= 13; n++) {
            ExrFile file = ExrReader.read(base.getParent().resolve("sample.00" + n + ".exr"));
            float[] a = file.image().channel("A").values();
            float[] u = file.image().channel("facemat.uncertainty").values();
            MattePlanes e = expected.get(n - 10);
            Harness.assertMatteHasContent(a);
            assertClose(e.alpha(), a, "A of frame " + n);
            assertClose(e.uncertainty(), u, "uncertainty of frame " + n);
            for (int i = 0; i < a.length; i++) {
                if (!(a[i] >= 0f && a[i] <= 1f)) {
                    throw new AssertionError("frame " + n + ": alpha " + a[i] + " outside [0,1] at pixel " + i);
                }
                if (!(u[i] >= 0f)) {
                    throw new AssertionError("frame " + n + ": uncertainty " + u[i] + " below 0 at pixel " + i);
                }
            }
        }
    }

    /** oiiotool's reading of A equals the node's alpha too (an independent EXR decoder). */
    @Test
    void oiiotoolDumpdataEqualsTheNode() throws Exception {
        Harness.requireTools("oiiotool");
        float[] expected;
        try (FrameSource src = FrameSource.open(Harness.sample());
             FaceMatModel model = FaceMatModel.open(Harness.model())) {
            Frame f = src.read(10);
            MatteNode node = Harness.faceNode(model);
            expected = node.process(f.rgb(), f.height(), f.width(), 10).alpha();
            node.closeFaces();
        }
        String dump = Harness.execText("oiiotool", "--dumpdata", base.getParent().resolve("sample.0010.exr").toString());
        Matcher m = Pattern.compile("Pixel \\((\\d+), (\\d+)\\): (\\S+) (\\S+)").matcher(dump);
        float[] alpha = new float[400 * 300];
        int count = 0;
        while (m.find()) {
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            alpha[y * 400 + x] = Float.parseFloat(m.group(3));
            count++;
        }
        assertEquals(400 * 300, count, "oiiotool printed every pixel");
        Harness.assertMatteHasContent(alpha);
        assertClose(expected, alpha, "A of frame 10 read by oiiotool");
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": size");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            double tol = HALF_TOLERANCE * Math.max(1f, Math.abs(expected[i]));
            if (!(d <= tol) && d > worst) {
                worst = d;
                at = i;
            }
        }
        if (at >= 0) {
            throw new AssertionError(what + ": differs beyond half precision, worst at pixel " + at + ": expected "
                    + expected[at] + ", got " + actual[at]);
        }
    }
}
