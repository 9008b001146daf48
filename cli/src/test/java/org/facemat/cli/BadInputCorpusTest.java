package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.facemat.media.exr.ExrHeader;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs a farm meets, made here by the test: broken movies, odd and extreme frame sizes, deep and alpha inputs,
 * variable frame rate, gaps in a sequence, a wrong model, an output folder that is read-only or full. Each case ends
 * with its exit code; a failure with one line on stderr naming the file and the problem, no stack trace; and in every
 * case the output folder holds only complete frames (each read back), never a temporary or half-written file.
 */
public class BadInputCorpusTest {
    @TempDir
    Path dir;

    private int tried;
    private int skipped;
    private final List<String> report = new ArrayList<>();

    @Test
    void everyCaseEndsCleanly() throws Exception {
        Harness.requireTools("ffmpeg", "ffprobe");
        Path sample = Harness.sample();

        // ------------------------------------------------------------ broken files
        Path truncated = dir.resolve("truncated.mp4");
        byte[] bytes = Files.readAllBytes(sample);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2)); // the index (moov) is at the end: lost
        fails("truncated movie, index lost", truncated, ExitCode.BAD_INPUT, List.of(), truncated.toString(),
                "not a movie");

        Path faststart = dir.resolve("faststart.mp4");
        Harness.ffmpeg("-i", sample.toString(), "-c", "copy", "-movflags", "+faststart", faststart.toString());
        Path cut = dir.resolve("cut.mp4");
        bytes = Files.readAllBytes(faststart);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length * 6 / 10)); // index first, pictures cut short
        String line = fails("truncated movie, pictures cut short", cut, ExitCode.BAD_INPUT, List.of(),
                cut.toString(), "frame");
        assertTrue(line.contains("cannot decode") || line.contains("missing"), line);

        Path junk = dir.resolve("junk.mov");
        byte[] random = new byte[256 * 1024];
        new Random(30).nextBytes(random);
        Files.write(junk, random);
        fails("random bytes named .mov", junk, ExitCode.BAD_INPUT, List.of(), junk.toString(), "not a movie");

        Path empty = Files.createFile(dir.resolve("empty.mkv"));
        fails("zero-length file", empty, ExitCode.BAD_INPUT, List.of(), empty.toString(), "empty");

        Path folder = Files.createDirectories(dir.resolve("shot.mov"));
        fails("a folder named like a movie", folder, ExitCode.BAD_INPUT, List.of(), folder.toString(), "folder");

        Path corrupt = corruptFrame30();
        fails("frame 30 corrupted, --on-error stop", corrupt, ExitCode.BAD_INPUT, List.of(), corrupt.toString(),
                "frame 30");
        assertEquals(30, frames(out("frame 30 corrupted, --on-error stop")).size(), "frames 0-29 are written whole");
        fails("frame 30 corrupted, --on-error skip", corrupt, ExitCode.PARTIAL, List.of("--on-error", "skip"),
                "1 frame(s)", "[30]");
        List<Integer> written = frames(out("frame 30 corrupted, --on-error skip"));
        assertEquals(39, written.size());
        assertFalse(written.contains(30), "no file for the frame that could not be decoded");

        // ------------------------------------------------------------ frame sizes
        Path odd = Harness.clip(dir, "odd.mkv", 401, 301, 3);
        ExrHeader h = succeeds("odd width and height (401x301)", odd, List.of(), 3);
        assertEquals(401, h.width());
        assertEquals(301, h.height());

        Path tiny = dir.resolve("one.mkv");
        Harness.ffmpeg("-i", sample.toString(), "-frames:v", "2", "-vf", "scale=1:1", "-c:v", "png", tiny.toString());
        fails("1x1 frames", tiny, ExitCode.BAD_INPUT, List.of(), tiny.toString(), "1x1", "too small");

        Path eightK = dir.resolve("eightk.png");
        Harness.ffmpeg("-i", sample.toString(), "-frames:v", "1", "-vf", "scale=7680:4320", eightK.toString());
        // in a process with a 1 GB heap: refused before anything is written, with the heap it needs
        Path out8k = out("8K frame, 1 GB heap");
        Harness.Result r8k = Harness.facematProcess("render", eightK.toString(), "--out",
                out8k.resolve("m.####.exr").toString(), "--log", "json");
        String l8k = check("8K frame, 1 GB heap", r8k, ExitCode.BAD_INPUT, eightK.toString(), "7680x4320",
                "GB of Java heap", "-Xmx");
        assertFalse(Files.exists(out8k), "nothing written: " + l8k);

        // ------------------------------------------------------------ deep, alpha, variable rate, gaps
        Path seq16 = Files.createDirectories(dir.resolve("seq16"));
        Harness.ffmpeg("-i", sample.toString(), "-frames:v", "3", "-vf", "scale=160:120", "-pix_fmt", "rgb48be",
                seq16.resolve("s.%04d.png").toString());
        succeeds("16-bit PNG sequence", seq16.resolve("s.####.png"), List.of(), 3);

        Path seqA = Files.createDirectories(dir.resolve("seqa"));
        Harness.ffmpeg("-i", sample.toString(), "-frames:v", "3", "-vf", "scale=160:120,format=rgba",
                seqA.resolve("s.%04d.png").toString());
        succeeds("RGBA PNG sequence", seqA.resolve("s.####.png"), List.of(), 3);

        Path prores = dir.resolve("alpha.mov");
        Harness.ffmpeg("-i", sample.toString(), "-frames:v", "3", "-vf", "scale=160:120,format=yuva444p10le",
                "-c:v", "prores_ks", "-profile:v", "4444", prores.toString());
        succeeds("ProRes 4444 with alpha, 10-bit", prores, List.of(), 3);

        Path vfr = dir.resolve("vfr.mkv");
        Harness.ffmpeg("-i", sample.toString(), "-frames:v", "20", "-vf",
                "scale=160:120,setpts='(N+if(gt(N,10),N-10,0))/25/TB'", "-fps_mode", "vfr", "-c:v", "ffv1",
                vfr.toString());
        succeeds("variable frame rate", vfr, List.of(), 20);

        Path gap = Files.createDirectories(dir.resolve("gap"));
        Harness.ffmpeg("-i", sample.toString(), "-frames:v", "8", "-vf", "scale=160:120",
                gap.resolve("s.%04d.png").toString());
        Files.delete(gap.resolve("s.0005.png"));
        fails("frame missing from a sequence", gap.resolve("s.####.png"), ExitCode.BAD_INPUT, List.of(),
                "s.0005.png", "frame 5", "missing");
        assertEquals(List.of(1, 2, 3, 4), frames(out("frame missing from a sequence")));

        // ------------------------------------------------------------ model and output
        Path model = dir.resolve("model.onnx");
        Files.copy(eightK, model);
        fails("a PNG named model.onnx", sample, ExitCode.MODEL_ERROR, List.of("--model", model.toString()),
                model.toString(), "not an ONNX model");

        Path small = Harness.clip(dir, "small.mkv", 160, 120, 12);
        try (Mount ro = Mount.tmpfs(dir.resolve("readonly"), "ro,size=1m")) {
            if (ro == null) {
                skip("output in a read-only folder", Mount.reason);
            } else {
                Path target = ro.dir.resolve("renders/m.####.exr");
                Harness.Result r = Harness.facemat("render", small.toString(), "--out", target.toString(), "--log",
                        "json");
                check("output in a read-only folder", r, ExitCode.OUTPUT_ERROR, ro.dir.resolve("renders").toString(),
                        "not writable", "Read-only");
                assertEquals(List.of(), Harness.files(ro.dir));
            }
        }
        try (Mount full = Mount.tmpfs(dir.resolve("full"), "size=400k")) {
            if (full == null) {
                skip("disk full", Mount.reason);
            } else {
                Path target = full.dir.resolve("m.####.exr");
                Harness.Result r = Harness.facemat("render", sample.toString(), "--frames", "0-29", "--out",
                        target.toString(), "--log", "json");
                check("disk full", r, ExitCode.OUTPUT_ERROR, full.dir.toString(), "No space left on device");
                List<Integer> whole = frames(full.dir);
                assertTrue(whole.size() >= 1 && whole.size() < 30, "some frames fit, each whole: " + whole);
            }
        }

        System.out.println("bad-input corpus: " + tried + " cases tried, " + skipped + " skipped");
        for (String s : report) {
            System.out.println("  " + s);
        }
        assertTrue(tried >= 18, "cases tried: " + tried);
    }

    // ------------------------------------------------------------------ cases

    private Path out(String name) {
        return dir.resolve("out").resolve(name.replaceAll("[^A-Za-z0-9]+", "-"));
    }

    private String fails(String name, Path input, int code, List<String> more, String... mentions) throws Exception {
        Path out = out(name);
        List<String> args = new ArrayList<>(List.of("render", input.toString(), "--out",
                out.resolve("m.####.exr").toString(), "--log", "json"));
        args.addAll(more);
        Harness.Result r = Harness.facemat(args.toArray(String[]::new));
        return check(name, r, code, mentions);
    }

    private String check(String name, Harness.Result r, int code, String... mentions) throws Exception {
        tried++;
        String line = Harness.assertFailure(r, code, mentions);
        assertNoPartialFiles(out(name));
        report.add(name + ": exit " + code + ": " + line);
        return line;
    }

    private ExrHeader succeeds(String name, Path input, List<String> more, int expectedFrames) throws Exception {
        tried++;
        Path out = out(name);
        List<String> args = new ArrayList<>(List.of("render", input.toString(), "--out",
                out.resolve("m.####.exr").toString(), "--log", "json"));
        args.addAll(more);
        Harness.Result r = Harness.facemat(args.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.code(), name + ": " + r);
        Harness.assertNoStackTrace(r);
        List<Integer> f = frames(out);
        assertEquals(expectedFrames, f.size(), name + ": frames " + f);
        report.add(name + ": exit 0, " + f.size() + " frames");
        return ExrReader.verify(Harness.files(out).get(0));
    }

    private void skip(String name, String reason) {
        skipped++;
        String s = "SKIPPED case '" + name + "': " + reason;
        System.out.println(s);
        report.add(s);
    }

    /** Frame numbers of the complete frames in {@code folder}; fails on any other file. */
    public static List<Integer> frames(Path folder) throws IOException {
        assertNoPartialFiles(folder);
        List<Integer> n = new ArrayList<>();
        for (Path f : Harness.files(folder)) {
            String name = f.getFileName().toString();
            if (name.equals("m.review.json")) {
                continue; // checked by assertNoPartialFiles; not a frame
            }
            n.add(Integer.parseInt(name.substring(2, 6)));
        }
        return n;
    }

    public static void assertNoPartialFiles(Path folder) throws IOException {
        for (Path f : Harness.files(folder)) {
            String name = f.getFileName().toString();
            if (name.equals("m.review.json")) {
                continue; // a render that skipped frames scores those it wrote
            }
            assertTrue(name.matches("m\\.\\d{4}\\.exr"), "only finished frames in " + folder + ", found " + name);
            ExrReader.verify(f); // whole and readable
        }
    }

    /** A PNG-in-QuickTime clip of 40 frames whose frame 30 is overwritten with zeros (the index stays intact). */
    private Path corruptFrame30() throws Exception {
        Path clip = dir.resolve("corrupt30.mov");
        Harness.ffmpeg("-i", Harness.sample().toString(), "-frames:v", "40", "-vf", "scale=160:120", "-c:v", "png",
                clip.toString());
        String[] packets = Harness.execText("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "packet=pos,size", "-of", "default=nw=0", clip.toString()).split("\\R");
        List<long[]> list = new ArrayList<>();
        long size = -1;
        for (String p : packets) {
            if (p.startsWith("size=")) {
                size = Long.parseLong(p.substring(5));
            } else if (p.startsWith("pos=")) {
                list.add(new long[] {Long.parseLong(p.substring(4)), size});
            }
        }
        assertEquals(40, list.size(), "40 packets");
        long[] p30 = list.get(30);
        try (RandomAccessFile f = new RandomAccessFile(clip.toFile(), "rw")) {
            f.seek(p30[0] + 64);
            f.write(new byte[(int) p30[1] - 128]);
        }
        return clip;
    }

    /** A tmpfs mounted for a case (needs root); null with {@link #reason} set when it cannot be mounted. */
    static final class Mount implements AutoCloseable {
        static String reason;
        final Path dir;

        private Mount(Path dir) {
            this.dir = dir;
        }

        static Mount tmpfs(Path dir, String options) throws Exception {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                reason = "cannot mount a tmpfs here (needs root): " + out;
                return null;
            }
            return new Mount(dir);
        }

        @Override
        public void close() throws Exception {
            if (this.dir != null) {
                new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
