package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Frame-exact decode of the shared cap13 clip (H.264 High with B-frames) against the ffmpeg CLI. */
class Cap13DecodeTest {
    private static final Set<Integer> FRAMES = Set.of(0, 1, 2, 100, 764);

    @Test
    void randomAccessMatchesFfmpegPresentationOrder() throws Exception {
        Path clip = SharedData.require("data/faces/cap13/cap13_edit2.mp4");
        MediaTools.requireCli();
        try (FrameSource src = FrameSource.open(clip)) {
            assertEquals(400, src.width());
            assertEquals(300, src.height());
            assertEquals(765, src.frameCount());
            assertEquals(new FrameRate(25, 1), src.frameRate());
            assertEquals(0, src.firstFrameNumber());
            assertFalse(src.variableFrameRate());
            assertTrue(src.timecode().isEmpty());
            Map<Integer, int[]> ref = MediaTools.decode16(clip, "rgb48le", 400, 300, FRAMES,
                    "-sws_flags", "bicubic+accurate_rnd+full_chroma_int");
            assertEquals(FRAMES.size(), ref.size());
            // random access, in an order that goes backwards too
            for (int n : new int[] {100, 764, 2, 0, 1}) {
                Frame f = src.read(n);
                assertEquals(n, f.number());
                double max = MediaTools.maxDiff(f, ref.get(n), 3);
                double mean = MediaTools.meanDiff(f, ref.get(n), 3);
                System.out.printf("cap13 frame %d: max diff %.6f (%.2f/255), mean %.7f%n", n, max, max * 255, mean);
                assertTrue(max <= 1.0 / 255, "frame " + n + " differs from ffmpeg by " + max);
                // a neighbouring frame must differ more: the test can tell frames apart
                int other = n == 764 ? 763 : n + 1;
                Frame copy = f.copy();
                Frame g = src.read(other);
                assertTrue(MediaTools.meanDiff(g, ref.get(n), 3) > mean, "frames " + n + " and " + other
                        + " look the same");
                src.read(n);
                assertEquals(0, maxAbs(copy, src.read(n)));
            }
        }
    }

    @Test
    void plainFfmpegDecodeIsClose() throws Exception {
        // the ffmpeg CLI's default swscale flags (bicubic, no full chroma interpolation) differ only at chroma edges
        Path clip = SharedData.require("data/faces/cap13/cap13_edit2.mp4");
        MediaTools.requireCli();
        Map<Integer, int[]> ref = MediaTools.decode16(clip, "rgb48le", 400, 300, Set.of(100));
        try (FrameSource src = FrameSource.open(clip)) {
            Frame f = src.read(100);
            double max = MediaTools.maxDiff(f, ref.get(100), 3);
            double mean = MediaTools.meanDiff(f, ref.get(100), 3);
            System.out.printf("cap13 frame 100 vs plain 'ffmpeg -pix_fmt rgb48le': max %.5f (%.2f/255), mean %.6f%n",
                    max, max * 255, mean);
            assertTrue(mean < 2.0 / 255, "mean difference " + mean);
        }
    }

    @Test
    void sequentialReadEqualsRandomAccess() throws Exception {
        Path clip = SharedData.require("data/faces/cap13/cap13_edit2.mp4");
        Frame[] random = new Frame[4];
        int[] numbers = {0, 57, 101, 764};
        try (FrameSource src = FrameSource.open(clip)) {
            for (int i = numbers.length - 1; i >= 0; i--) {
                random[i] = src.read(numbers[i]).copy();
            }
        }
        try (FrameSource src = FrameSource.open(clip)) {
            int count = 0;
            Frame f;
            long expected = 0;
            while ((f = src.next()) != null) {
                assertEquals(expected++, f.number());
                for (int i = 0; i < numbers.length; i++) {
                    if (numbers[i] == f.number()) {
                        assertEquals(0, maxAbs(random[i], f), "frame " + f.number());
                    }
                }
                count++;
            }
            assertEquals(765, count);
            assertNotNull(src.read(3));
            assertEquals(4, src.next().number());
        }
    }

    static double maxAbs(Frame a, Frame b) {
        double max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            max = Math.max(max, Math.abs(a.rgb()[i] - b.rgb()[i]));
        }
        return max;
    }
}
