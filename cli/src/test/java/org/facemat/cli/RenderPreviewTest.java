package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.exr.ExrReader;
import org.facemat.media.out.PreviewWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --preset review-preview}: an H.264 movie, also from an odd-sized input (yuv420p needs even sizes). */
class RenderPreviewTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        Harness.requireTools("ffmpeg", "ffprobe");
    }

    @Test
    void sampleFramesGiveAnH264MovieWithTheirCountRateAndTimecode() throws Exception {
        Harness.render(Harness.sample().toString(), "--out", dir.resolve("sample/s").toString(), "--preset",
                "review-preview", "--frames", "20-24", "--log", "quiet");
        assertEquals(List.of("s.preview.mp4"), Harness.names(dir.resolve("sample")));
        Map<String, String> p = Harness.probe(dir.resolve("sample/s.preview.mp4"));
        assertEquals("h264", p.get("stream.codec_name"), p.toString());
        assertEquals("yuv420p", p.get("stream.pix_fmt"), p.toString());
        assertEquals("5", p.get("stream.nb_read_frames"), p.toString());
        assertEquals("25/1", p.get("stream.r_frame_rate"), p.toString());
        assertEquals("400", p.get("stream.width"));
        assertEquals("300", p.get("stream.height"));
        assertEquals("01:00:00:20", p.get("stream.tags.timecode"), p.toString());
    }

    /**
     * A 97x65 input renders (the movie is padded to 98x66 by repeating the last column and row), and the picture is
     * the overlay of the matte on the plate.
     */
    @Test
    void oddSizedInputIsPaddedToEvenSize() throws Exception {
        Path clip = Harness.clip(dir, "odd.mkv", 97, 65, 4);
        assertEquals("97", Harness.probe(clip).get("stream.width"), "the test input really is odd-sized");
        assertEquals("65", Harness.probe(clip).get("stream.height"));
        Harness.render(clip.toString(), "--out", dir.resolve("odd/o").toString(), "--preset", "review-preview",
                "--log", "quiet");
        Harness.render(clip.toString(), "--out", dir.resolve("odd-exr/o.####.exr").toString(), "--log", "quiet");
        Path movie = dir.resolve("odd/o.preview.mp4");
        assertEquals(List.of("o.preview.mp4"), Harness.names(dir.resolve("odd")));
        Map<String, String> p = Harness.probe(movie);
        assertEquals("h264", p.get("stream.codec_name"), p.toString());
        assertEquals("yuv420p", p.get("stream.pix_fmt"), p.toString());
        assertEquals("4", p.get("stream.nb_read_frames"), p.toString());
        assertEquals("98", p.get("stream.width"), p.toString());
        assertEquals("66", p.get("stream.height"), p.toString());

        List<float[]> frames = Harness.decode16(movie, "rgb48le", 98, 66);
        assertEquals(4, frames.size());
        try (FrameSource src = FrameSource.open(clip)) {
            for (int n = 0; n < 4; n++) {
                Frame plate = src.read(n);
                float[] alpha = ExrReader.read(dir.resolve("odd-exr/o.000" + n + ".exr")).image().channel("A").values();
                Harness.assertMatteHasContent(alpha);
                float[] expected = new float[3 * 97 * 65];
                PreviewWriter.overlay(plate.rgb(), alpha, expected);
                float[] got = frames.get(n);
                double sum = 0;
                double edge = 0;
                for (int y = 0; y < 65; y++) {
                    for (int x = 0; x < 97; x++) {
                        for (int c = 0; c < 3; c++) {
                            sum += Math.abs(got[3 * (y * 98 + x) + c] - expected[c * 97 * 65 + y * 97 + x]);
                        }
                    }
                    for (int c = 0; c < 3; c++) { // the padding column repeats the last one
                        edge += Math.abs(got[3 * (y * 98 + 97) + c] - expected[c * 97 * 65 + y * 97 + 96]);
                    }
                }
                double mean = sum / (3.0 * 97 * 65);
                double edgeMean = edge / (3.0 * 65);
                assertTrue(mean < 6.0 / 255, "frame " + n + ": preview differs from the overlay by " + mean * 255
                        + "/255 on average");
                assertTrue(edgeMean < 12.0 / 255, "frame " + n + ": padding column differs from the last column by "
                        + edgeMean * 255 + "/255 on average");
            }
        }
    }
}
