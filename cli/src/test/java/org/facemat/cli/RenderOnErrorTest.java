package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt frame in an image sequence: {@code --on-error stop} stops on it, {@code --on-error skip} goes on. */
class RenderOnErrorTest {
    @TempDir
    static Path dir;
    static Path sequence;
    static Path corrupt;

    @BeforeAll
    static void makeSequence() throws Exception {
        Harness.requireTools("ffmpeg");
        Path seq = dir.resolve("plates");
        Files.createDirectories(seq);
        Harness.ffmpeg("-i", Harness.sample().toString(), "-frames:v", "5", "-vf", "scale=128:96", "-start_number",
                "1", seq.resolve("shot.%04d.png").toString());
        corrupt = seq.resolve("shot.0003.png");
        byte[] garbage = new byte[Math.toIntExact(Files.size(corrupt))];
        new Random(3).nextBytes(garbage);
        Files.write(corrupt, garbage);
        sequence = seq.resolve("shot.####.png");
    }

    /** The same five plates with the first one damaged: the sequence's size must come from another file. */
    static Path badFirst() throws Exception {
        Path seq = dir.resolve("plates-bad-first");
        if (!Files.isDirectory(seq)) {
            Files.createDirectories(seq);
            for (int n = 1; n <= 5; n++) {
                String name = String.format("shot.%04d.png", n);
                if (n == 1) {
                    Files.write(seq.resolve(name), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
                } else if (n != 3) {
                    Files.copy(sequence.resolveSibling(name), seq.resolve(name));
                } else {
                    Files.copy(sequence.resolveSibling("shot.0002.png"), seq.resolve(name));
                }
            }
        }
        return seq.resolve("shot.####.png");
    }

    @Test
    void skipAlsoWorksWhenTheFirstFrameIsDamaged() throws Exception {
        Path out = dir.resolve("skip-first");
        Harness.Result r = Harness.facemat("render", badFirst().toString(), "--out", out.resolve("m.####.exr").toString(),
                "--on-error", "skip", "--log", "json");
        Harness.assertFailure(r, ExitCode.PARTIAL, "skipped", "1");
        assertEquals(List.of("m.0002.exr", "m.0003.exr", "m.0004.exr", "m.0005.exr", "m.review.json"),
                Harness.names(out));
        List<JsonObject> skipped = Harness.events(r.out(), "skipped");
        assertEquals(1, skipped.size(), r.out());
        assertEquals(1, skipped.get(0).get("frame").getAsInt());
        JsonObject start = Harness.events(r.out(), "start").get(0);
        assertEquals(1, start.get("first").getAsInt(), "the damaged frame still counts in the range");
    }

    @Test
    void stopNamesADamagedFirstFrame() throws Exception {
        Path out = dir.resolve("stop-first");
        Path seq = badFirst();
        Harness.Result r = Harness.facemat("render", seq.toString(), "--out", out.resolve("m.####.exr").toString(),
                "--log", "json");
        Harness.assertFailure(r, ExitCode.BAD_INPUT, seq.resolveSibling("shot.0001.png").toString(), "frame 1");
        assertEquals(List.of(), Harness.files(out));
    }

    static Path frame(Path folder, int n) {
        return folder.resolve(String.format("m.%04d.exr", n));
    }

    @Test
    void stopExitsNamingTheFrameFile() throws Exception {
        Path out = dir.resolve("stop");
        Harness.Result r = Harness.facemat("render", sequence.toString(), "--out", out.resolve("m.####.exr").toString(),
                "--on-error", "stop", "--log", "json");
        Harness.assertFailure(r, ExitCode.BAD_INPUT, corrupt.toString(), "frame 3");
        for (int n = 3; n <= 5; n++) {
            assertFalse(Files.exists(frame(out, n)), "nothing written from the bad frame on: " + n);
        }
        Harness.events(r.out()); // what was logged is still one JSON object per line
    }

    @Test
    void skipWritesTheOtherFramesAndExitsPartial() throws Exception {
        Path out = dir.resolve("skip");
        Harness.Result r = Harness.facemat("render", sequence.toString(), "--out", out.resolve("m.####.exr").toString(),
                "--on-error", "skip", "--log", "json");
        Harness.assertFailure(r, ExitCode.PARTIAL, "skipped", "3");
        assertEquals(List.of("m.0001.exr", "m.0002.exr", "m.0004.exr", "m.0005.exr", "m.review.json"),
                Harness.names(out));
        for (Path f : Harness.files(out).stream().filter(p -> p.toString().endsWith(".exr")).toList()) {
            ExrReader.verify(f);
        }
        // the review covers the frames that were written, not the skipped one
        assertEquals(List.of(1L, 2L, 4L, 5L), org.facemat.review.ReviewFile.read(out.resolve("m.review.json")).frames()
                .stream().map(org.facemat.review.FrameScore::frame).toList());

        List<JsonObject> skipped = Harness.events(r.out(), "skipped");
        assertEquals(1, skipped.size(), r.out());
        assertEquals(3, skipped.get(0).get("frame").getAsInt());
        assertTrue(skipped.get(0).get("reason").getAsString().contains(corrupt.toString()),
                "the reason names the file: " + skipped.get(0));
        assertEquals(List.of(1, 2, 4, 5), Harness.events(r.out(), "frame").stream()
                .map(o -> o.get("frame").getAsInt()).toList());
        JsonObject done = Harness.events(r.out(), "done").get(0);
        assertEquals(4, done.get("written").getAsInt());
        assertEquals(1, done.get("skipped").getAsInt());

        // after the gap the state starts again from zeros: frames 4-5 are those of a render that starts at 4
        Path fresh = dir.resolve("fresh");
        Harness.render(sequence.toString(), "--out", fresh.resolve("m.####.exr").toString(), "--frames", "4-5",
                "--preroll", "0", "--log", "quiet");
        for (int n = 4; n <= 5; n++) {
            assertArrayEquals(ExrReader.read(frame(fresh, n)).image().channel("A").values(),
                    ExrReader.read(frame(out, n)).image().channel("A").values(), 1e-6f, "frame " + n);
        }
    }
}
