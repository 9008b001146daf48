package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A movie input's audio is copied into the movie outputs over the rendered range, in sync: a tone that starts 1.0 s
 * into the source (frame 25 at 25 fps) starts 0.2 s into a render of frames 20-59.
 */
class RenderAudioTest {
    @TempDir
    static Path dir;
    static Path pcm;
    static Path aac;

    @BeforeAll
    static void makeClips() {
        Harness.requireTools("ffmpeg", "ffprobe");
        Path video = Harness.clip(dir, "v.mkv", 128, 96, 64);
        String tone = "aevalsrc='if(gte(t,1.0),0.5*sin(2*PI*1000*t),0)':s=48000:d=2.56";
        pcm = dir.resolve("pcm.mov");
        Harness.ffmpeg("-i", video.toString(), "-f", "lavfi", "-i", tone, "-map", "0:v", "-map", "1:a", "-c:v",
                "prores_ks", "-c:a", "pcm_s24le", "-shortest", pcm.toString());
        aac = dir.resolve("aac.mp4");
        Harness.ffmpeg("-i", video.toString(), "-f", "lavfi", "-i", tone, "-map", "0:v", "-map", "1:a", "-c:v",
                "libx264", "-crf", "10", "-c:a", "aac", "-b:a", "192k", "-shortest", aac.toString());
    }

    private static List<String> streams(Path movie) {
        return List.of(Harness.execText("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name",
                "-of", "csv=p=0", movie.toString()).strip().split("\\R"));
    }

    private static double toneStart(Path movie) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "info", "-i", movie.toString(), "-af",
                "silencedetect=n=-40dB:d=0.05", "-f", "null", "-"));
        String log;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            log = new String(p.getInputStream().readAllBytes());
            p.waitFor();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Matcher m = Pattern.compile("silence_end: ([0-9.]+)").matcher(log);
        assertTrue(m.find(), log);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void audioIsCopiedInSyncOverTheRange() {
        Path out = dir.resolve("pcm");
        Harness.Result r = Harness.render(pcm.toString(), "--out", out.resolve("m.mov").toString(), "--out",
                out.resolve("m.mp4").toString(), "--frames", "20-59", "--faces", "off", "--log", "json");
        List<String> mov = streams(out.resolve("m.mov"));
        assertTrue(mov.contains("pcm_s24le,audio"), mov.toString());
        assertEquals(0.2, toneStart(out.resolve("m.mov")), 0.025, "the tone at source frame 25 = 0.2 s into 20-59");
        String audioDuration = Harness.execText("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "stream=duration", "-of", "csv=p=0", out.resolve("m.mov").toString()).strip();
        assertEquals(1.6, Double.parseDouble(audioDuration), 0.03, "40 frames at 25 fps");
        // PCM does not go into the MP4 preview: said once, not silently dropped
        assertFalse(streams(out.resolve("m.mp4")).stream().anyMatch(s -> s.endsWith(",audio")));
        assertTrue(r.err().contains("m.mp4: no audio: the MP4 preview does not carry pcm_s24le audio"), r.err());
    }

    @Test
    void aacGoesIntoBothAndNoAudioLeavesItOut() {
        Path out = dir.resolve("aac");
        Harness.render(aac.toString(), "--out", out.resolve("m.mov").toString(), "--out",
                out.resolve("m.mp4").toString(), "--frames", "20-59", "--faces", "off", "--log", "quiet");
        for (String m : new String[] {"m.mov", "m.mp4"}) {
            assertTrue(streams(out.resolve(m)).contains("aac,audio"), m);
            assertEquals(0.2, toneStart(out.resolve(m)), 0.05, m); // AAC frames are 21 ms, plus encoder priming
        }
        Path none = dir.resolve("none");
        Harness.render(aac.toString(), "--out", none.resolve("m.mov").toString(), "--no-audio", "--frames", "0-3",
                "--faces", "off", "--log", "quiet");
        assertFalse(streams(none.resolve("m.mov")).stream().anyMatch(s -> s.endsWith(",audio")));
    }
}
