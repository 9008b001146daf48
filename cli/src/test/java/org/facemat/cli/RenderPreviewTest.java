package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.facemat.media.out.PreviewWriter;
import org.facemat.render.ExrPass;
import org.facemat.review.FrameScore;
import org.facemat.review.ReviewFile;
import org.facemat.review.ReviewThreshold;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --preset review-preview}: two H.264 movies (the matte outlined on the plate, the uncertainty as a heat map)
 * with the timecode, frame and score burnt in and flagged frames in a red border; also from an odd-sized input
 * (yuv420p needs even sizes).
 */
class RenderPreviewTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        Harness.requireTools("ffmpeg", "ffprobe");
    }

    @Test
    void sampleFramesGiveTwoH264MoviesWithTheirCountRateTimecodeAndBurntInBar() throws Exception {
        Harness.render(Harness.sample().toString(), "--out", dir.resolve("sample/s").toString(), "--preset",
                "review-preview", "--frames", "20-24", "--log", "quiet");
        assertEquals(List.of("s.preview-uncertainty.mp4", "s.preview.mp4", "s.review.json"),
                Harness.names(dir.resolve("sample")));
        ReviewFile review = ReviewFile.read(dir.resolve("sample/s.review.json"));
        for (String name : List.of("s.preview.mp4", "s.preview-uncertainty.mp4")) {
            Path movie = dir.resolve("sample").resolve(name);
            Map<String, String> p = Harness.probe(movie);
            assertEquals("h264", p.get("stream.codec_name"), p.toString());
            assertEquals("yuv420p", p.get("stream.pix_fmt"), p.toString());
            assertEquals("5", p.get("stream.nb_read_frames"), p.toString());
            assertEquals("25/1", p.get("stream.r_frame_rate"), p.toString());
            assertEquals("400", p.get("stream.width"));
            assertEquals("300", p.get("stream.height"));
            assertEquals("01:00:00:20", p.get("stream.tags.timecode"), p.toString());

            List<float[]> frames = Harness.decode16(movie, "rgb48le", 400, 300);
            int bar = PreviewWriter.barHeight(300);
            boolean[] lastText = null;
            for (int k = 0; k < 5; k++) {
                float[] f = frames.get(k);
                FrameScore s = review.frames().get(k);
                assertEquals(20 + k, s.frame());
                // flagged frames have a red border, the others none (middle of the left edge)
                boolean red = isRed(f, 400, 1, 150);
                assertEquals(s.score() > ReviewThreshold.DEFAULT, red, name + " frame " + s.frame() + ": score "
                        + s.score() + ", red border " + red);
                // text in the bar: bright pixels on a darkened plate, different from frame to frame (timecode)
                boolean[] text = new boolean[400 * bar];
                int bright = 0;
                for (int y = 0; y < bar; y++) {
                    for (int x = 0; x < 400; x++) {
                        int i = (300 - bar + y) * 400 + x;
                        boolean white = f[3 * i] > 0.7 && f[3 * i + 1] > 0.7 && f[3 * i + 2] > 0.7;
                        text[y * 400 + x] = white;
                        bright += white ? 1 : 0;
                    }
                }
                assertTrue(bright > 40, name + " frame " + s.frame() + ": no burnt-in text (" + bright + " pixels)");
                if (lastText != null) {
                    assertNotEquals(java.util.Arrays.toString(lastText), java.util.Arrays.toString(text),
                            name + ": the burnt-in text does not change from frame to frame");
                }
                lastText = text;
            }
        }
    }

    private static boolean isRed(float[] rgbInterleaved, int w, int x, int y) {
        int i = 3 * (y * w + x);
        return rgbInterleaved[i] > 0.7 && rgbInterleaved[i + 1] < 0.3 && rgbInterleaved[i + 2] < 0.3;
    }

    /**
     * A 97x65 input renders (the movies are padded to 98x66 by repeating the last column and row), and the pictures
     * are the matte view and the uncertainty view of the EXR render's matte and uncertainty on the plate, above the
     * burnt-in bar and inside the red border of a flagged frame.
     */
    @Test
    void oddSizedInputIsPaddedToEvenSizeAndShowsTheMatteAndTheUncertainty() throws Exception {
        Path clip = Harness.clip(dir, "odd.mkv", 97, 65, 4);
        assertEquals("97", Harness.probe(clip).get("stream.width"), "the test input really is odd-sized");
        assertEquals("65", Harness.probe(clip).get("stream.height"));
        Harness.render(clip.toString(), "--out", dir.resolve("odd/o").toString(), "--preset", "review-preview",
                "--log", "quiet");
        Harness.render(clip.toString(), "--out", dir.resolve("odd-exr/o.####.exr").toString(), "--log", "quiet");
        assertEquals(List.of("o.preview-uncertainty.mp4", "o.preview.mp4", "o.review.json"),
                Harness.names(dir.resolve("odd")));
        for (boolean uncertainty : new boolean[] {false, true}) {
            Path movie = dir.resolve(uncertainty ? "odd/o.preview-uncertainty.mp4" : "odd/o.preview.mp4");
            Map<String, String> p = Harness.probe(movie);
            assertEquals("h264", p.get("stream.codec_name"), p.toString());
            assertEquals("yuv420p", p.get("stream.pix_fmt"), p.toString());
            assertEquals("4", p.get("stream.nb_read_frames"), p.toString());
            assertEquals("98", p.get("stream.width"), p.toString());
            assertEquals("66", p.get("stream.height"), p.toString());

            List<float[]> frames = Harness.decode16(movie, "rgb48le", 98, 66);
            assertEquals(4, frames.size());
            int bar = PreviewWriter.barHeight(65);
            try (FrameSource src = FrameSource.open(clip)) {
                for (int n = 0; n < 4; n++) {
                    Frame plate = src.read(n);
                    ExrFile exr = ExrReader.read(dir.resolve("odd-exr/o.000" + n + ".exr"));
                    float[] alpha = exr.image().channel("A").values();
                    float[] sigma = exr.image().channel("facemat.uncertainty").values();
                    Harness.assertMatteHasContent(alpha);
                    FrameScore score = ExrPass.reviewOf(exr.header(), n, null);
                    boolean flagged = score.score() > ReviewThreshold.DEFAULT;
                    float[] expected = new float[3 * 97 * 65];
                    if (uncertainty) {
                        PreviewWriter.uncertaintyView(plate.rgb(), sigma, 97, 65, expected);
                    } else {
                        PreviewWriter.overlay(plate.rgb(), alpha, 97, 65, expected);
                    }
                    float[] got = frames.get(n);
                    // chroma is shared by 2x2 pixels: stay two pixels off the border and the bar
                    int m = flagged ? PreviewWriter.borderWidth(65) + 2 : 0;
                    double sum = 0;
                    long count = 0;
                    double edge = 0;
                    for (int y = m; y < 65 - bar - 2; y++) {
                        for (int x = m; x < 97 - m; x++) {
                            for (int c = 0; c < 3; c++) {
                                sum += Math.abs(got[3 * (y * 98 + x) + c] - expected[c * 97 * 65 + y * 97 + x]);
                            }
                            count += 3;
                        }
                        for (int c = 0; c < 3; c++) { // the padding column repeats the last one
                            edge += Math.abs(got[3 * (y * 98 + 97) + c] - got[3 * (y * 98 + 96) + c]);
                        }
                    }
                    double mean = sum / count;
                    String what = (uncertainty ? "uncertainty" : "matte") + " preview frame " + n;
                    assertTrue(mean < 6.0 / 255, what + ": differs from the expected picture by " + mean * 255
                            + "/255 on average");
                    assertTrue(edge / (3.0 * (65 - bar - 2 - m)) < 12.0 / 255, what
                            + ": padding column differs from the last column");
                    assertEquals(flagged, isRed(got, 98, 0, 30), what + ": score " + score.score()
                            + ", red border expected " + flagged);
                }
            }
        }
    }
}
