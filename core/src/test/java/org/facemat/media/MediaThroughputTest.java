package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.facemat.media.out.ProResWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1080p: decode speed of H.264 and encode speed of ProRes 4444 (printed, not asserted), the reused frame buffer, and
 * the colour matrix rule for untagged HD video.
 */
// a measurement, not a test: run with -Dfacemat.bench=true (figures go to docs/BENCHMARKS.md)
@EnabledIfSystemProperty(named = "facemat.bench", matches = "true")
class MediaThroughputTest {
    @TempDir
    Path dir;

    @Test
    void decode1080pH264() throws Exception {
        MediaTools.requireCli();
        Path clip = dir.resolve("hd.mp4");
        int frames = 60;
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25", "-frames:v", String.valueOf(frames),
                "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-pix_fmt", "yuv420p", clip.toString());
        try (FrameSource src = FrameSource.open(clip)) {
            assertEquals(frames, src.frameCount());
            Frame first = src.next();
            float[] buffer = first.rgb();
            long t0 = System.nanoTime();
            int n = 1;
            Frame f;
            while ((f = src.next()) != null) {
                assertSame(first, f, "the source reuses its frame");
                assertSame(buffer, f.rgb(), "and its array");
                n++;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(frames, n);
            System.out.printf("decode 1080p H.264 (yuv420p -> float RGB): %.1f fps sequential (%d frames, %d cores)%n",
                    (n - 1) / seconds, n - 1, Runtime.getRuntime().availableProcessors());
            long t1 = System.nanoTime();
            for (int k : new int[] {41, 7, 33, 12}) {
                assertEquals(k, src.read(k).number());
            }
            System.out.printf("decode 1080p H.264: %.0f ms per random access (seek + decode from keyframe)%n",
                    (System.nanoTime() - t1) / 4e6);
        }
    }

    @Test
    void untaggedHdUsesBt709() throws Exception {
        MediaTools.requireCli();
        Path clip = dir.resolve("hd720.mp4");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-frames:v", "3", "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip.toString());
        Map<String, String> p = MediaTools.probe(clip, false);
        assertTrue(p.get("stream.color_space") == null || p.get("stream.color_space").equals("unknown"),
                "clip must be untagged: " + p.get("stream.color_space"));
        String flags = "bicubic+accurate_rnd+full_chroma_int";
        int[] bt709 = MediaTools.decode16(clip, "rgb48le", 1280, 720, Set.of(1), "-vf",
                "scale=in_color_matrix=bt709:flags=" + flags).get(1);
        int[] bt601 = MediaTools.decode16(clip, "rgb48le", 1280, 720, Set.of(1), "-vf",
                "scale=in_color_matrix=bt601:flags=" + flags).get(1);
        try (FrameSource src = FrameSource.open(clip)) {
            Frame f = src.read(1);
            double d709 = MediaTools.maxDiff(f, bt709, 3);
            double d601 = MediaTools.maxDiff(f, bt601, 3);
            System.out.printf("untagged 1280x720: max diff to BT.709 decode %.5f, to BT.601 decode %.5f%n", d709, d601);
            assertTrue(d709 <= 1.0 / 1023, "BT.709 expected for untagged HD, diff " + d709);
            assertTrue(d601 > 5.0 / 255, "BT.601 would look different");
        }
    }

    @Test
    void encodeProRes4444At1080p() throws Exception {
        int w = 1920;
        int h = 1080;
        Frame plate = new Frame(w, h);
        float[] rgb = plate.rgb();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i % 1931) / 1930f;
        }
        float[] alpha = new float[w * h];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (i % w) / (float) (w - 1);
        }
        int frames = 8;
        Path mov = dir.resolve("hd4444.mov");
        long t0 = System.nanoTime();
        try (ProResWriter wr = new ProResWriter(mov, w, h, FrameRate.of(25), null, ProResWriter.RgbContent.PLATE)) {
            for (int n = 0; n < frames; n++) {
                wr.write(plate, alpha);
            }
            wr.finish();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("encode 1080p ProRes 4444 (float RGBA -> yuva444p10le -> prores_ks): %.1f fps (%d frames)%n",
                frames / seconds, frames);
        assertTrue(java.nio.file.Files.size(mov) > 100_000);
    }
}
