package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A farm chunk: equal to the continuous render with the default pre-roll, and idempotent (killed with SIGKILL and run
 * again, it ends equal to an uninterrupted run; frames that are damaged or belong to another render are rendered
 * again, complete ones are left alone).
 */
class FarmChunkTest {
    @TempDir
    Path dir;

    /** The measurement of docs/farm.md, on one chunk boundary: the default pre-roll keeps alpha within 1/1024. */
    @Test
    void defaultPrerollChunkEqualsTheContinuousRender() throws Exception {
        Path preset = FarmTesting.floatPreset(dir);
        String sample = Harness.sample().toString();
        Path cont = dir.resolve("continuous");
        Harness.render(sample, "--preset", preset.toString(), "--out", cont.resolve("m").toString(), "--frames",
                "0-29", "--log", "quiet");
        Path chunk = dir.resolve("chunk");
        Harness.Result r = Harness.render(sample, "--preset", preset.toString(), "--out",
                chunk.resolve("m").toString(), "--frames", "20-29", "--log", "json");
        assertEquals(0, Harness.events(r.out(), "start").get(0).get("preroll_from").getAsInt(),
                "the default pre-roll reaches the shot's first frame");
        Path short8 = dir.resolve("preroll8");
        Harness.render(sample, "--preset", preset.toString(), "--out", short8.resolve("m").toString(), "--frames",
                "20-29", "--preroll", "8", "--log", "quiet");
        double maxDefault = 0;
        double maxShort = 0;
        for (int n = 20; n <= 29; n++) {
            float[] ref = ExrReader.read(FarmTesting.frame(cont, n)).image().channel("A").values();
            if (n == 20) {
                Harness.assertMatteHasContent(ref);
            }
            maxDefault = Math.max(maxDefault, FarmTesting.maxDiff(ref,
                    ExrReader.read(FarmTesting.frame(chunk, n)).image().channel("A").values()));
            maxShort = Math.max(maxShort, FarmTesting.maxDiff(ref,
                    ExrReader.read(FarmTesting.frame(short8, n)).image().channel("A").values()));
        }
        System.out.printf(Locale.ROOT, "chunk 20-29 vs continuous, max alpha diff: default pre-roll %.6f, "
                + "pre-roll 8 %.6f%n", maxDefault, maxShort);
        assertTrue(maxDefault < 1.0 / 1024, "default pre-roll: max alpha diff " + maxDefault);
        // docs/farm.md: a shorter pre-roll is not the continuous render (0.075 on the face path with 2.1.0, 0.149 with 2.0.0)
        assertTrue(maxShort > 0.05, "pre-roll 8 should differ visibly from the continuous render: " + maxShort);
    }

    @Test
    void killedChunkRunAgainEqualsAnUninterruptedOne() throws Exception {
        Harness.requireTools("ffmpeg");
        Path clip = Harness.clip(dir, "clip.mkv", 320, 240, 12);
        String frames = "6-11";
        Path reference = dir.resolve("reference");
        Harness.render(clip.toString(), "--out", reference.resolve("m.####.exr").toString(), "--frames", frames,
                "--log", "quiet");

        Path out = dir.resolve("killed");
        List<String> cmd = Harness.javaCommand("render", clip.toString(), "--out", out.resolve("m.####.exr").toString(),
                "--frames", frames, "--resume", "--log", "json");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int frameLines = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.contains("\"event\":\"frame\"") && ++frameLines == 2) {
                    p.destroyForcibly(); // SIGKILL in the middle of the chunk
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(2, frameLines, "killed after two frames");
        List<Integer> before = completeFrames(out);
        System.out.println("complete frames after the kill: " + before);
        assertTrue(before.size() >= 2 && before.size() < 6, "the kill landed mid-chunk: " + before);

        // the farm retries the chunk: same command
        Harness.Result r = Harness.render(clip.toString(), "--out", out.resolve("m.####.exr").toString(), "--frames",
                frames, "--resume", "--log", "json");
        List<Integer> written = Harness.events(r.out(), "frame").stream().map(o -> o.get("frame").getAsInt()).toList();
        List<Integer> expected = new ArrayList<>();
        for (int n = 6; n <= 11; n++) {
            if (!before.contains(n)) {
                expected.add(n);
            }
        }
        assertEquals(expected, written, "the retry writes only what the killed run did not finish");
        for (int n = 6; n <= 11; n++) {
            assertSame(FarmTesting.frame(reference, n), FarmTesting.frame(out, n));
        }
        assertEquals(List.of(6, 7, 8, 9, 10, 11), completeFrames(out));
    }

    @Test
    void retryRendersFramesOfAnotherSizeOrWithOtherChannelsAgain() throws Exception {
        Harness.requireTools("ffmpeg");
        Path clip = Harness.clip(dir, "clip.mkv", 160, 120, 6);
        Path other = Harness.clip(dir, "other.mkv", 128, 96, 6);
        Path reference = dir.resolve("reference");
        Harness.render(clip.toString(), "--out", reference.resolve("m.####.exr").toString(), "--log", "quiet");
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        for (int n = 0; n < 6; n++) {
            Files.copy(FarmTesting.frame(reference, n), FarmTesting.frame(out, n));
        }
        // frame 2: a whole, valid EXR, but of another clip's size; frame 4: float with the plate (another preset)
        Path otherOut = dir.resolve("other");
        Harness.render(other.toString(), "--out", otherOut.resolve("m.####.exr").toString(), "--frames", "2-2",
                "--log", "quiet");
        Files.copy(FarmTesting.frame(otherOut, 2), FarmTesting.frame(out, 2), StandardCopyOption.REPLACE_EXISTING);
        Path preset = dir.resolve("plate.json");
        Files.writeString(preset, """
                {"name": "plate", "description": "test", "passes": [
                  {"type": "exr", "path": "{out}.####.exr", "pixels": "float", "plate": true}]}
                """);
        Path plateOut = dir.resolve("plate");
        Harness.render(clip.toString(), "--preset", preset.toString(), "--out", plateOut.resolve("m").toString(),
                "--frames", "4-4", "--log", "quiet");
        Files.copy(FarmTesting.frame(plateOut, 4), FarmTesting.frame(out, 4), StandardCopyOption.REPLACE_EXISTING);

        Harness.Result r = Harness.render(clip.toString(), "--out", out.resolve("m.####.exr").toString(), "--resume",
                "--log", "json");
        List<Integer> written = Harness.events(r.out(), "frame").stream().map(o -> o.get("frame").getAsInt()).toList();
        assertEquals(List.of(2, 4), written, "frames that are not this render's are rendered again");
        for (int n = 0; n < 6; n++) {
            assertSame(FarmTesting.frame(reference, n), FarmTesting.frame(out, n));
        }
    }

    /** Frames under their final name in {@code folder}, each one read back whole. */
    static List<Integer> completeFrames(Path folder) throws Exception {
        List<Integer> n = new ArrayList<>();
        for (Path f : Harness.files(folder)) {
            String name = f.getFileName().toString();
            if (name.equals("m.review.json")) {
                continue; // written by a finished run only
            }
            if (name.matches("m\\.\\d{4}\\.exr")) {
                ExrReader.verify(f);
                n.add(Integer.parseInt(name.substring(2, 6)));
            } else {
                assertTrue(name.matches("\\.m\\.\\d{4}\\.exr\\.facemat-.+\\.tmp"), "only frames and hidden temporaries: " + name);
            }
        }
        return n;
    }

    static void assertSame(Path expected, Path actual) throws Exception {
        ExrFile e = ExrReader.read(expected);
        ExrFile a = ExrReader.read(actual);
        assertEquals(e.header().channels(), a.header().channels(), actual.toString());
        for (String c : new String[] {"A", "facemat.uncertainty"}) {
            assertEquals(0.0, FarmTesting.maxDiff(e.image().channel(c).values(), a.image().channel(c).values()),
                    actual + " " + c);
        }
    }
}
