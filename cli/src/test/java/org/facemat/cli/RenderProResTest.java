package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --preset resolve-prores4444} on frames 10-13 of the sample clip, read back with ffprobe and ffmpeg. */
class RenderProResTest {
    static final int W = 400;
    static final int H = 300;
    /** 10-bit alpha: half a code of rounding plus codec and read-back slack. */
    static final double ALPHA_TOLERANCE = 3.0 / 1023;

    @TempDir
    static Path dir;
    static Path movie;
    static Path uncertainty;
    static Path exr;

    @BeforeAll
    static void render() {
        Harness.requireTools("ffmpeg", "ffprobe");
        Harness.render(Harness.sample().toString(), "--out", dir.resolve("prores/sample").toString(), "--preset",
                "resolve-prores4444", "--frames", "10-13", "--log", "quiet");
        movie = dir.resolve("prores/sample.mov");
        uncertainty = dir.resolve("prores/sample.uncertainty.mov");
        exr = dir.resolve("exr");
        Harness.render(Harness.sample().toString(), "--out", exr.resolve("sample").toString(), "--preset", "nuke-exr",
                "--frames", "10-13", "--log", "quiet");
    }

    @Test
    void theTwoMoviesAndNothingElse() throws Exception {
        assertEquals(List.of("sample.mov", "sample.review.json", "sample.uncertainty.mov"),
                Harness.names(dir.resolve("prores")));
    }

    @Test
    void ffprobeSeesProRes4444WithRateFramesAndTimecode() {
        for (Path m : List.of(movie, uncertainty)) {
            Map<String, String> p = Harness.probe(m);
            assertEquals("prores", p.get("stream.codec_name"), m + ": " + p);
            assertEquals("4444", p.get("stream.profile"), m + ": " + p);
            assertEquals("ap4h", p.get("stream.codec_tag_string"), m + ": " + p);
            assertEquals("4", p.get("stream.nb_frames"), m + ": " + p);
            assertEquals("4", p.get("stream.nb_read_frames"), m + ": " + p);
            assertEquals("25/1", p.get("stream.r_frame_rate"), m + ": " + p);
            assertEquals(W + "", p.get("stream.width"));
            assertEquals(H + "", p.get("stream.height"));
            assertTrue(p.get("stream.pix_fmt").startsWith("yuva444p"), "has alpha: " + p.get("stream.pix_fmt"));
            assertEquals("01:00:00:10", p.get("stream.tags.timecode"), m + ": " + p);
        }
    }

    @Test
    void alphaDecodedByFfmpegEqualsTheExrMatte() throws Exception {
        List<float[]> frames = Harness.decode16(movie, "rgba64le", W, H);
        assertEquals(4, frames.size());
        List<float[]> sigma = Harness.decode16(uncertainty, "rgba64le", W, H);
        assertEquals(4, sigma.size());
        try (FrameSource src = FrameSource.open(Harness.sample())) {
            for (int k = 0; k < 4; k++) {
                ExrFile e = ExrReader.read(exr.resolve("sample.00" + (10 + k) + ".exr"));
                float[] a = e.image().channel("A").values();
                float[] u = e.image().channel("facemat.uncertainty").values();
                Harness.assertMatteHasContent(a);
                float[] rgba = frames.get(k);
                float[] urgba = sigma.get(k);
                double worstA = 0;
                double worstU = 0;
                for (int i = 0; i < W * H; i++) {
                    worstA = Math.max(worstA, Math.abs(rgba[4 * i + 3] - a[i]));
                    worstU = Math.max(worstU, Math.abs(urgba[4 * i + 3] - Math.min(1f, u[i])));
                }
                assertTrue(worstA <= ALPHA_TOLERANCE, "frame " + (10 + k) + ": alpha off by " + worstA * 1023
                        + "/1023");
                assertTrue(worstU <= ALPHA_TOLERANCE, "frame " + (10 + k) + ": uncertainty alpha off by "
                        + worstU * 1023 + "/1023");

                // RGB is the plate, within ProRes's lossy colour
                Frame plate = src.read(10 + k);
                double sum = 0;
                for (int i = 0; i < W * H; i++) {
                    for (int c = 0; c < 3; c++) {
                        sum += Math.abs(rgba[4 * i + c] - plate.rgb()[c * W * H + i]);
                    }
                }
                double mean = sum / (3.0 * W * H);
                assertTrue(mean < 2.0 / 255, "frame " + (10 + k) + ": RGB is the plate (mean difference "
                        + mean * 255 + "/255)");
            }
        }
    }

    /** {@code --alpha premultiplied}: the movie's RGB is the display-encoded plate times the matte. */
    @Test
    void premultipliedAlphaMultipliesThePlate() throws Exception {
        Path pre = dir.resolve("prores-pre/sample.mov");
        Harness.render(Harness.sample().toString(), "--out", pre.toString(), "--frames", "10-11", "--alpha",
                "premultiplied", "--log", "quiet");
        List<float[]> frames = Harness.decode16(pre, "rgba64le", W, H);
        assertEquals(2, frames.size());
        try (FrameSource src = FrameSource.open(Harness.sample())) {
            for (int k = 0; k < 2; k++) {
                float[] a = ExrReader.read(exr.resolve("sample.00" + (10 + k) + ".exr")).image().channel("A").values();
                float[] rgba = frames.get(k);
                Frame plate = src.read(10 + k);
                double sum = 0;
                double sumStraight = 0;
                for (int i = 0; i < W * H; i++) {
                    for (int c = 0; c < 3; c++) {
                        float v = plate.rgb()[c * W * H + i];
                        sum += Math.abs(rgba[4 * i + c] - v * a[i]);
                        sumStraight += Math.abs(rgba[4 * i + c] - v);
                    }
                }
                double mean = sum / (3.0 * W * H);
                assertTrue(mean < 2.0 / 255, "frame " + (10 + k) + ": RGB is plate x A (mean difference "
                        + mean * 255 + "/255)");
                assertTrue(sumStraight / (3.0 * W * H) > 10.0 / 255, "and not the straight plate");
            }
        }
    }
}
