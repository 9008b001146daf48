package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the render tests share: the repository's files, the command line run in this JVM, the FFmpeg / OpenEXR /
 * OpenImageIO tools as independent readers, and small checks on the command's output.
 */
public final class Harness {
    private Harness() {
    }

    /** The repository root: {@code facemat.home} when set (the build sets it), else the parent of the cli module. */
    public static Path home() {
        String h = System.getProperty("facemat.home");
        Path p = h != null && !h.isBlank() ? Path.of(h) : Path.of("").toAbsolutePath().getParent();
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("presets"))) {
            fail("cannot find the repository root (no presets/ in " + p + "); set -Dfacemat.home");
        }
        if (h == null) {
            System.setProperty("facemat.home", p.toString()); // the command finds presets and the model through it
        }
        return p;
    }

    /** The model renders use when none is given (the trained face matte when shipped). */
    public static Path model() {
        home();
        return DefaultModel.path();
    }

    /** The node a default render builds: the face path with the shipped face models, at the sample's 25 fps. */
    public static org.facemat.node.MatteNode faceNode(org.facemat.model.FaceMatModel model) throws Exception {
        home();
        return new org.facemat.node.MatteNode(model, null, org.facemat.node.AlignedMatting.open(model,
                DefaultModel.folder(), org.facemat.face.FaceTracker.Settings.DEFAULT), 25);
    }

    /** The sample clip: 400x300, 25 fps, 100 frames, timecode 01:00:00:00. */
    public static Path sample() {
        return home().resolve("sample-projects/clip/cap13-sample.mp4");
    }

    // ---------------------------------------------------------------- the command, in this JVM

    public record Result(int code, String out, String err, double seconds) {
        List<String> outLines() {
            return lines(out);
        }

        List<String> errLines() {
            return lines(err);
        }

        private static List<String> lines(String s) {
            List<String> l = new ArrayList<>();
            for (String line : s.split("\\R")) {
                if (!line.isBlank()) {
                    l.add(line);
                }
            }
            return l;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code facemat <args>} through {@link Main#run}. */
    public static Result facemat(String... args) {
        home();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        Result r = new Result(code, out.toString(), err.toString(), (System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "facemat %s -> exit %d in %.2f s%n", String.join(" ", args), code, r.seconds);
        return r;
    }

    /**
     * The command that runs {@code facemat <args>} in a JVM of its own, with this JVM's class path and the native
     * library settings the build gives the tests.
     */
    public static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dfacemat.home=" + home()));
        for (String prop : new String[] {"org.bytedeco.javacpp.cachedir", "jna.tmpdir", "ai.djl.offline"}) {
            if (System.getProperty(prop) != null) {
                cmd.add("-D" + prop + "=" + System.getProperty(prop));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Runs {@code facemat <args>} in a JVM of its own (see {@link #javaCommand}) and waits for it. */
    public static Result facematProcess(String... args) {
        Finished f = run(javaCommand(args));
        return new Result(f.code(), new String(f.out(), StandardCharsets.UTF_8), f.err(), f.seconds());
    }

    /** A process that ended: exit code, raw standard output, standard error as text, wall time. */
    private record Finished(int code, byte[] out, String err, double seconds) {
    }

    /** Runs a process to its end (2 minutes at most), collecting its output streams. */
    private static Finished run(List<String> cmd) {
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> {
                try (InputStream in = p.getErrorStream()) {
                    in.transferTo(err);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            pump.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", cmd));
            }
            pump.join();
            return new Finished(p.exitValue(), out, err.toString(StandardCharsets.UTF_8),
                    (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code facemat render <args>} and fails the test unless it exits 0 with nothing on stderr. */
    public static Result render(String... args) {
        List<String> a = new ArrayList<>(List.of("render"));
        a.addAll(Arrays.asList(args));
        Result r = facemat(a.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.code, () -> "render failed: " + r);
        assertNoStackTrace(r);
        return r;
    }

    public static void assertNoStackTrace(Result r) {
        for (String s : new String[] {r.out, r.err}) {
            assertFalse(s.contains("\tat "), () -> "stack trace printed:\n" + r);
            assertFalse(s.contains("Exception"), () -> "exception printed:\n" + r);
        }
    }

    /**
     * An expected failure: the exit code, exactly one line on stderr, {@code facemat: } first, each of
     * {@code mentions} in it (the file and the problem), no stack trace.
     */
    public static String assertFailure(Result r, int code, String... mentions) {
        assertEquals(code, r.code, () -> "exit code\n" + r);
        assertNoStackTrace(r);
        List<String> err = r.errLines();
        assertEquals(1, err.size(), () -> "one line on stderr expected\n" + r);
        String line = err.get(0);
        assertTrue(line.startsWith("facemat: "), () -> "stderr line must start with 'facemat: ': " + line);
        for (String m : mentions) {
            assertTrue(line.contains(m), () -> "stderr line should mention '" + m + "': " + line);
        }
        return line;
    }

    /** Every line of stdout parsed as a JSON object with an "event" field. */
    public static List<JsonObject> events(String stdout) {
        List<JsonObject> events = new ArrayList<>();
        for (String line : stdout.split("\\R")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonElement e;
            try {
                JsonReader reader = new JsonReader(new StringReader(line));
                reader.setStrictness(Strictness.STRICT); // RFC 8259: no raw control characters, no lenient syntax
                e = JsonParser.parseReader(reader);
                if (reader.peek() != JsonToken.END_DOCUMENT) {
                    throw new IllegalStateException("more than one JSON value on the line");
                }
            } catch (IOException | RuntimeException ex) {
                throw new AssertionError("stdout line is not JSON: " + line, ex);
            }
            assertTrue(e.isJsonObject(), () -> "stdout line is not a JSON object: " + line);
            JsonObject o = e.getAsJsonObject();
            assertTrue(o.has("event") && o.get("event").isJsonPrimitive(), () -> "no \"event\" in " + line);
            events.add(o);
        }
        return events;
    }

    public static List<JsonObject> events(String stdout, String kind) {
        return events(stdout).stream().filter(o -> o.get("event").getAsString().equals(kind)).toList();
    }

    // ---------------------------------------------------------------- files

    /** Regular files under {@code dir} (recursively), sorted; empty when it does not exist. */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    public static List<String> names(Path dir) throws IOException {
        return files(dir).stream().map(p -> dir.relativize(p).toString()).toList();
    }

    // ---------------------------------------------------------------- external tools

    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Skips the calling test, with a printed reason, unless every tool is on PATH. */
    public static void requireTools(String... tools) {
        for (String t : tools) {
            if (!onPath(t)) {
                String pkg = switch (t) {
                    case "ffmpeg", "ffprobe" -> "ffmpeg";
                    case "exrheader", "exrinfo" -> "openexr";
                    case "oiiotool" -> "openimageio-tools";
                    default -> t;
                };
                String reason = "SKIPPED: '" + t + "' is not on PATH (Debian/Ubuntu: apt-get install " + pkg + ")";
                System.out.println(reason);
                Assumptions.assumeTrue(false, reason);
            }
        }
    }

    /** Runs a command; fails the test when it fails; returns its stdout (stderr is kept for the message). */
    public static byte[] exec(List<String> cmd) {
        Finished r = run(cmd);
        if (r.code() != 0) {
            fail("failed (exit " + r.code() + "): " + String.join(" ", cmd) + "\n" + r.err());
        }
        return r.out();
    }

    public static String execText(String... cmd) {
        return new String(exec(List.of(cmd)), StandardCharsets.UTF_8);
    }

    /** {@code ffmpeg -y -v error <args>}: makes test inputs. */
    public static void ffmpeg(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error"));
        cmd.addAll(Arrays.asList(args));
        exec(cmd);
    }

    /**
     * The first video stream and the container as ffprobe's flat {@code key=value} fields, with keys such as
     * {@code stream.codec_name}, {@code stream.nb_read_frames} (frames counted by decoding), {@code stream.tags.timecode},
     * {@code format.tags.timecode}.
     */
    public static Map<String, String> probe(Path file) {
        String out = execText("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_streams",
                "-show_format", "-of", "flat=s=.", file.toString());
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).replaceFirst("^streams\\.stream\\.0\\.", "stream.");
            String v = line.substring(eq + 1).trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            m.put(key, v);
        }
        return m;
    }

    /**
     * Decodes every frame of {@code file} with the ffmpeg command into 16-bit little-endian samples of
     * {@code pixFmt} ({@code rgba64le}: 4 per pixel, {@code rgb48le}: 3, {@code gray16le}: 1), values / 65535.
     */
    public static List<float[]> decode16(Path file, String pixFmt, int width, int height) {
        int channels = pixFmt.startsWith("rgba") ? 4 : pixFmt.startsWith("gray") ? 1 : 3;
        List<String> cmd = List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-fps_mode",
                "passthrough", "-sws_flags", "bicubic+accurate_rnd+full_chroma_int", "-f", "rawvideo", "-pix_fmt",
                pixFmt, "-");
        int frameBytes = width * height * channels * 2;
        List<float[]> frames = new ArrayList<>();
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (DataInputStream in = new DataInputStream(p.getInputStream())) {
                byte[] buf = new byte[frameBytes];
                while (true) {
                    try {
                        in.readFully(buf);
                    } catch (EOFException e) {
                        break;
                    }
                    float[] v = new float[frameBytes / 2];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = ((buf[2 * k] & 0xFF) | ((buf[2 * k + 1] & 0xFF) << 8)) / 65535f;
                    }
                    frames.add(v);
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                fail("ffmpeg could not decode " + file);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run ffmpeg: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return frames;
    }

    /**
     * A small clip made from the first {@code frames} frames of the sample clip scaled to {@code width x height} (any
     * parity): FFV1 4:4:4 in Matroska, lossless, so the decoder sees exactly these pictures. 25 fps, no timecode.
     */
    public static Path clip(Path dir, String name, int width, int height, int frames) {
        Path out = dir.resolve(name);
        ffmpeg("-i", sample().toString(), "-frames:v", Integer.toString(frames), "-vf",
                "scale=" + width + ":" + height + ":flags=bicubic", "-pix_fmt", "yuv444p", "-c:v", "ffv1",
                out.toString());
        return out;
    }

    /** Fails unless the matte has both background and face in it (so that comparisons of it mean something). */
    public static void assertMatteHasContent(float[] alpha) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : alpha) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min < 0.1f && max > 0.9f, "the matte should hold both 0 and 1 areas, got " + min + ".." + max);
    }
}
