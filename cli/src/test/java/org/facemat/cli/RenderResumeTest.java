package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} after a render killed with SIGKILL, and after a frame was truncated on disk: the frames written
 * then equal those of an uninterrupted render, because the recurrent state is rebuilt through the completed frames.
 */
class RenderResumeTest {
    static final int FRAMES = 10;
    static final Pattern FRAME_FILE = Pattern.compile("x\\.\\d{4}\\.exr");
    /** The writers' temporary names: hidden, {@code .<name>.facemat-<host>-<pid>-<random>.tmp}. */
    static final Pattern TEMP_FILE = Pattern.compile("\\..+\\.facemat-[a-z0-9]+-\\d+-[0-9a-f]+\\.tmp");

    @TempDir
    static Path dir;
    static Path clip;
    static Path reference;

    @BeforeAll
    static void renderReference() {
        Harness.requireTools("ffmpeg");
        // big enough that a frame takes tens of milliseconds: the kill lands in the middle of the render
        clip = Harness.clip(dir, "clip.mkv", 320, 240, FRAMES);
        reference = dir.resolve("reference");
        Harness.render(clip.toString(), "--out", frames(reference), "--frames", "0-9", "--log", "quiet");
    }

    static String frames(Path folder) {
        return folder.resolve("x.####.exr").toString();
    }

    static Path frame(Path folder, int n) {
        return folder.resolve(String.format("x.%04d.exr", n));
    }

    @Test
    void killedRenderResumesToTheUninterruptedResult() throws Exception {
        Path out = dir.resolve("killed");
        List<String> cmd = Harness.javaCommand("render", clip.toString(), "--out", frames(out), "--frames", "0-9",
                "--log", "json", "--model", Harness.model().toString());
        Process p = new ProcessBuilder(cmd).start();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (InputStream in = p.getErrorStream()) {
                in.transferTo(stderr);
            } catch (IOException ignored) {
                // killed
            }
        });
        pump.start();
        List<String> seen = new ArrayList<>();
        int frameLines = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.add(line);
                if (line.contains("\"event\":\"frame\"") && ++frameLines == 4) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the render process ended");
            pump.join();
        }
        assertEquals(4, frameLines, "the render printed 4 frame lines before it was killed\nstdout: " + seen
                + "\nstderr: " + stderr.toString(StandardCharsets.UTF_8));

        // what a kill leaves: complete frames and at most hidden temporary files, never a partial frame
        TreeSet<Integer> complete = new TreeSet<>();
        for (Path f : Harness.files(out)) {
            String name = f.getFileName().toString();
            if (TEMP_FILE.matcher(name).matches()) {
                continue;
            }
            assertTrue(FRAME_FILE.matcher(name).matches(), "unexpected file after the kill: " + name);
            ExrReader.verify(f); // throws on a partial or corrupt file
            complete.add(Integer.parseInt(name.substring(2, 6)));
        }
        System.out.println("complete frames after the kill: " + complete + ", temporary files: "
                + Harness.names(out).stream().filter(n -> TEMP_FILE.matcher(n).matches()).toList());
        assertTrue(complete.size() >= 4 && complete.size() < FRAMES,
                "the kill should land mid-render: complete frames " + complete);
        assertEquals(complete.first() + complete.size() - 1, (int) complete.last(), "frames are written in order");

        // a stray temporary file that holds a whole valid frame is still not a frame
        int missing = complete.last() + 1;
        Path stray = out.resolve(".x." + String.format("%04d", missing) + ".exr.facemat-othernode-1-0123456789ab.tmp");
        Files.copy(frame(reference, missing), stray);

        Harness.Result r = Harness.render(clip.toString(), "--out", frames(out), "--frames", "0-9", "--resume",
                "--log", "json");
        List<JsonObject> written = Harness.events(r.out(), "frame");
        List<Integer> writtenFrames = written.stream().map(o -> o.get("frame").getAsInt()).toList();
        List<Integer> expected = new ArrayList<>();
        for (int n = 0; n < FRAMES; n++) {
            if (!complete.contains(n)) {
                expected.add(n);
            }
        }
        assertEquals(expected, writtenFrames, "resume writes exactly the frames that were not complete");
        assertEquals(expected.size(), Harness.events(r.out(), "start").get(0).get("to_write").getAsInt());

        for (int n = 0; n < FRAMES; n++) {
            assertSameFrame(frame(reference, n), frame(out, n));
        }
        for (Path f : Harness.files(out)) {
            String name = f.getFileName().toString();
            assertTrue(FRAME_FILE.matcher(name).matches() || TEMP_FILE.matcher(name).matches()
                    || name.endsWith(".review.json"), name);
        }
    }

    @Test
    void truncatedFrameIsRenderedAgain() throws Exception {
        Path out = dir.resolve("truncated");
        Files.createDirectories(out);
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000L);
        for (int n = 0; n < FRAMES; n++) {
            Files.copy(frame(reference, n), frame(out, n));
            Files.setLastModifiedTime(frame(out, n), old);
        }
        Path damaged = frame(out, 6);
        byte[] bytes = Files.readAllBytes(damaged);
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Harness.Result r = Harness.render(clip.toString(), "--out", frames(out), "--resume", "--log", "json");
        List<Integer> written = Harness.events(r.out(), "frame").stream().map(o -> o.get("frame").getAsInt()).toList();
        assertEquals(List.of(6), written, "only the truncated frame is written again");
        assertEquals(6, Harness.events(r.out(), "done").get(0).get("passed").getAsInt(),
                "the network runs through frames 0-5 to rebuild the state, and stops after frame 6");
        for (int n = 0; n < FRAMES; n++) {
            assertSameFrame(frame(reference, n), frame(out, n));
            if (n != 6) {
                assertEquals(old, Files.getLastModifiedTime(frame(out, n)), "frame " + n + " was left alone");
            }
        }
    }

    @Test
    void resumeOfACompleteRenderWritesNothing() throws Exception {
        Path out = dir.resolve("complete");
        Files.createDirectories(out);
        for (int n = 0; n < FRAMES; n++) {
            Files.copy(frame(reference, n), frame(out, n));
        }
        Harness.Result r = Harness.render(clip.toString(), "--out", frames(out), "--resume", "--log", "json");
        assertEquals(List.of(), Harness.events(r.out(), "frame"));
        JsonObject done = Harness.events(r.out(), "done").get(0);
        assertEquals(0, done.get("written").getAsInt());
        assertEquals(0, done.get("passed").getAsInt(), "nothing to write: the network does not run at all");
    }

    static void assertSameFrame(Path expected, Path actual) throws IOException {
        ExrFile e = ExrReader.read(expected);
        ExrFile a;
        try {
            a = ExrReader.read(actual);
        } catch (IOException ex) {
            fail(actual + " is not a complete frame: " + ex.getMessage());
            return;
        }
        assertEquals(e.header().channels(), a.header().channels(), actual.toString());
        assertEquals(e.header().timeCode(), a.header().timeCode(), actual.toString());
        for (String c : new String[] {"A", "facemat.uncertainty"}) {
            assertArrayEquals(e.image().channel(c).values(), a.image().channel(c).values(), 1e-6f,
                    actual.getFileName() + " channel " + c + " equals the uninterrupted render");
        }
    }
}
