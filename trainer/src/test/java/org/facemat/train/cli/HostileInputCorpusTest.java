package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.facemat.cli.ExitCode;
import org.facemat.cli.Harness;
import org.facemat.cli.ReaderErrorsTest;
import org.facemat.io.AtomicFile;
import org.facemat.media.exr.ExrChannel;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrOptions;
import org.facemat.media.exr.ExrWriter;
import org.facemat.media.exr.PixelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second half of the bad-input corpus ({@link BadInputCorpusTest} is the first): outputs that would write over an
 * input, files whose headers lie about their size, stray frame numbers, malformed presets, models and configs. Each
 * case ends with its exit code and one line on stderr naming the file and the problem; no input changes by a byte
 * (checked by hash), and no temporary or half-written file is left in any folder the case touched.
 */
class HostileInputCorpusTest {
    @TempDir
    Path dir;

    private int tried;
    private final List<String> report = new ArrayList<>();
    /** Every file a case must leave as it was, with its hash before the case. */
    private final Map<Path, String> guarded = new LinkedHashMap<>();

    @Test
    void everyCaseEndsCleanly() throws Exception {
        Harness.requireTools("ffmpeg");
        Path clip = Harness.clip(dir, "clip.mkv", 160, 120, 6);
        Path movie = dir.resolve("camera.mov");
        Harness.ffmpeg("-i", clip.toString(), "-c:v", "prores_ks", "-profile:v", "3", movie.toString());
        guard(clip, movie);

        // ------------------------------------------------------------ outputs that are inputs
        fails("render: output is the input movie", ExitCode.USAGE, List.of("render", movie.toString(), "--out",
                movie.toString()), movie.toString(), "refusing to write over the input");
        fails("render: preset base names the input movie", ExitCode.USAGE, List.of("render", movie.toString(),
                "--preset", "resolve-prores4444", "--out", movie.toString()), "refusing to write over the input");
        Path link = Files.createSymbolicLink(dir.resolve("link.mov"), movie);
        fails("render: output is a symlink to the input", ExitCode.USAGE, List.of("render", movie.toString(),
                "--out", link.toString()), link.toString(), movie.toString(), "symlink");
        Path hard = Files.createLink(dir.resolve("hard.mov"), movie);
        fails("render: output is a hard link of the input", ExitCode.USAGE, List.of("render", movie.toString(),
                "--out", hard.toString()), hard.toString(), "hard link");
        Path linkedDir = Files.createSymbolicLink(dir.resolve("linked-folder"), dir);
        fails("render: output reaches the input through a linked folder", ExitCode.USAGE, List.of("render",
                movie.toString(), "--out", linkedDir.resolve("camera.mov").toString()), "symlink");

        Path plates = Files.createDirectories(dir.resolve("plates"));
        for (int n = 1; n <= 3; n++) {
            writeExr(plates.resolve(String.format("sh010.%04d.exr", n)), 64, 48, "B", "G", "R");
        }
        guardFolder(plates);
        fails("render: nuke-exr preset over a float EXR plate sequence", ExitCode.USAGE, List.of("render",
                plates.resolve("sh010.####.exr").toString(), "--preset", "nuke-exr", "--out",
                plates.resolve("sh010").toString()), "sh010.0001.exr", "refusing to write over the input");
        fails("render: one frame of the output range is a plate", ExitCode.USAGE, List.of("render",
                plates.resolve("sh010.0001.exr").toString(), "--frames", "3-3", "--out",
                plates.resolve("sh010.%04d.exr").toString()), "sh010.0003.exr");
        Path modelCopy = dir.resolve("model.mov");
        Files.copy(Harness.model(), modelCopy);
        guard(modelCopy);
        fails("render: output is the model it reads", ExitCode.USAGE, List.of("render", clip.toString(), "--model",
                modelCopy.toString(), "--out", modelCopy.toString()), modelCopy.toString());
        Path out = dir.resolve("out");
        fails("render: two outputs write one file", ExitCode.USAGE, List.of("render", clip.toString(), "--out",
                out.resolve("m.mov").toString(), "--out", out.resolve("m.mov").toString()), "two outputs");
        fails("farm assemble: output is the plate", ExitCode.USAGE, List.of("farm", "assemble", movie.toString(),
                "--from", plates.resolve("sh010.####.exr").toString(), "--frames", "1-1", "--out", movie.toString()),
                "refusing to write over the input");
        Path halfIn = dir.resolve("in.onnx");
        Files.copy(Harness.model(), halfIn);
        guard(halfIn);
        fails("model half: output is its input", ExitCode.USAGE, List.of("model", "half", halfIn.toString(), "--out",
                halfIn.toString()), halfIn.toString(), "refusing");
        Path rvm = Files.createDirectories(dir.resolve("rvm"));
        Files.writeString(rvm.resolve("rvm.json"), "{}");
        Files.writeString(rvm.resolve("group1-shard1of1.bin"), "weights");
        guardFolder(rvm);
        fails("export: output is the weights it imports", ExitCode.USAGE, List.of("export", "--from-rvm",
                rvm.resolve("rvm.json").toString(), "--out", rvm.resolve("group1-shard1of1.bin").toString()),
                "group1-shard1of1.bin", "refusing");
        Path roto = rotoFolder();
        fails("finetune: output folder is the roto folder", ExitCode.USAGE, List.of("finetune", "--footage",
                clip.toString(), "--mattes", roto.toString(), "--out", roto.toString(), "--steps", "1", "--size",
                "32"), roto.toString(), "refusing");
        fails("finetune: output folder holds the base model", ExitCode.USAGE, List.of("finetune", "--footage",
                clip.toString(), "--mattes", roto.toString(), "--base", halfIn.toString(), "--out", dir.toString(),
                "--steps", "1", "--size", "32"), "in.onnx", "refusing");

        // ------------------------------------------------------------ files that lie about their size
        Path huge = Files.createDirectories(dir.resolve("huge")).resolve("h.0001.exr");
        writeExr(huge, 8, 8, "B", "G", "R");
        setDataWindow(huge, 45999, 45999);
        guard(huge);
        failsInSmallHeap("render: EXR whose header says 46000x46000", ExitCode.BAD_INPUT, List.of("render",
                huge.toString(), "--out", dir.resolve("o1/m.####.exr").toString()), "h.0001.exr", "46000x46000");
        Path wide = Files.createDirectories(dir.resolve("wide")).resolve("w.0001.exr");
        writeExr(wide, 8, 8, "Y");
        setDataWindow(wide, 59_999_999, 15);
        guard(wide);
        failsInSmallHeap("render: 60,000,000x16 EXR of a few hundred bytes", ExitCode.BAD_INPUT, List.of("render",
                wide.toString(), "--out", dir.resolve("o2/m.####.exr").toString()), "w.0001.exr", "60000000x16");
        // --resume reads the frames already rendered with the product's own EXR reader: a lying one is redone
        Path resumed = Files.createDirectories(dir.resolve("o-resume"));
        Files.copy(huge, resumed.resolve("m.0001.exr"));
        succeedsInSmallHeap("render --resume: a rendered frame whose header says 46000x46000", List.of("render",
                clip.toString(), "--frames", "0-2", "--resume", "--out", resumed.resolve("m.####.exr").toString()),
                resumed, 3);
        org.facemat.media.exr.ExrReader.verify(resumed.resolve("m.0001.exr"));
        Path twice = Files.createDirectories(dir.resolve("twice")).resolve("t.0001.exr");
        writeExr(twice, 8, 8, "A", "B");
        replaceOnce(twice, "B\0", "A\0");
        guard(twice);
        fails("render: EXR listing channel A twice", ExitCode.BAD_INPUT, List.of("render", twice.toString(), "--out",
                dir.resolve("o3/m.####.exr").toString()), "t.0001.exr", "listed twice");
        Path hostileRoto = Files.createDirectories(dir.resolve("roto-hostile"));
        for (Path f : Harness.files(roto)) {
            Files.copy(f, hostileRoto.resolve(f.getFileName()));
        }
        Files.copy(huge, hostileRoto.resolve("000005.exr"));
        guardFolder(hostileRoto);
        failsInSmallHeap("finetune: a roto matte EXR whose header lies", ExitCode.BAD_INPUT, List.of("finetune",
                "--footage", clip.toString(), "--mattes", hostileRoto.toString(), "--out",
                dir.resolve("ft").toString(), "--steps", "1", "--size", "32"), "000005.exr", "46000x46000");
        Path frames = Files.createDirectories(dir.resolve("chunk"));
        Files.copy(huge, frames.resolve("m.0000.exr"));
        guardFolder(frames);
        failsInSmallHeap("farm assemble: a rendered frame whose header lies", ExitCode.BAD_INPUT, List.of("farm",
                "assemble", clip.toString(), "--from", frames.resolve("m.####.exr").toString(), "--frames", "0-0",
                "--out", dir.resolve("o4/m.mov").toString()), "m.0000.exr");

        Path stray = Files.createDirectories(dir.resolve("stray"));
        Harness.ffmpeg("-i", clip.toString(), "-frames:v", "2", "-start_number", "1", stray.resolve("s.%04d.png")
                .toString());
        Files.copy(stray.resolve("s.0002.png"), stray.resolve("s.999999999999.png"));
        guardFolder(stray);
        succeedsInSmallHeap("render: a stray frame 999999999999 beside frames 1-2, --frames 1-2", List.of("render",
                stray.resolve("s.####.png").toString(), "--frames", "1-2", "--out",
                dir.resolve("o5/m.####.exr").toString()), dir.resolve("o5"), 2);
        failsInSmallHeap("render: the same stray frame, no range", ExitCode.BAD_INPUT, List.of("render",
                stray.resolve("s.####.png").toString(), "--out", dir.resolve("o6/m.####.exr").toString()),
                "s.999999999999.png", "frame range");

        // ------------------------------------------------------------ presets, models, configs, usage
        Path presets = Files.createDirectories(dir.resolve("presets"));
        Map<String, String> badPresets = new LinkedHashMap<>();
        badPresets.put("passes-not-a-list", "{\"passes\":\"oops\"}");
        badPresets.put("pixels-typo", "{\"passes\":[{\"type\":\"exr\",\"path\":\"{out}.####.exr\","
                + "\"pixels\":\"float32\"}]}");
        badPresets.put("compression-typo", "{\"passes\":[{\"type\":\"exr\",\"path\":\"{out}.####.exr\","
                + "\"compression\":\"piz\"}]}");
        badPresets.put("plate-not-boolean", "{\"passes\":[{\"type\":\"exr\",\"path\":\"{out}.####.exr\","
                + "\"plate\":\"yes\"}]}");
        badPresets.put("unknown-key", "{\"passes\":[{\"type\":\"exr\",\"path\":\"{out}.####.exr\","
                + "\"compresion\":\"zip\"}]}");
        badPresets.put("truncated", "{\"passes\":[{\"type\":\"exr\",");
        for (var e : badPresets.entrySet()) {
            Path p = presets.resolve(e.getKey() + ".json");
            Files.writeString(p, e.getValue());
            guard(p);
            fails("preset: " + e.getKey(), ExitCode.USAGE, List.of("render", clip.toString(), "--preset",
                    p.toString(), "--out", dir.resolve("o7/m").toString()), p.getFileName().toString());
        }
        Path badRatios = ReaderErrorsTest.badRatioModel(dir);
        guard(badRatios);
        fails("model: downsample ratios '<=512:abc'", ExitCode.MODEL_ERROR, List.of("render", clip.toString(),
                "--model", badRatios.toString(), "--out", dir.resolve("o8/m.####.exr").toString()),
                "bad-ratios.onnx", "facemat.downsample_ratios");
        fails("model info: downsample ratios '<=512:abc'", ExitCode.MODEL_ERROR, List.of("model", "info",
                badRatios.toString()), "bad-ratios.onnx", "facemat.downsample_ratios");
        Path config = dir.resolve("train.json");
        Files.writeString(config, "{\"data\": \"roto\", \"batch\": \"four\"}");
        guard(config);
        Path goodConfig = dir.resolve("good.json");
        Files.writeString(goodConfig, "{\"data\": \"roto\"}");
        guard(goodConfig);
        fails("train: output folder holds the base model", ExitCode.USAGE, List.of("train", "--config",
                goodConfig.toString(), "--base", halfIn.toString(), "--out", dir.toString()), dir.toString(), "refusing to write into a folder that holds the input");
        fails("train: a config value of the wrong type", ExitCode.BAD_INPUT, List.of("train", "--config",
                config.toString()), "train.json", "batch");
        fails("render: --frames 10-5", ExitCode.USAGE, List.of("render", clip.toString(), "--frames", "10-5",
                "--out", dir.resolve("o9/m.####.exr").toString()), "10-5");

        System.out.println("hostile-input corpus: " + tried + " cases");
        for (String s : report) {
            System.out.println("  " + s);
        }
        assertTrue(tried >= 30, "cases tried: " + tried);
    }

    // ------------------------------------------------------------------ cases

    private void fails(String name, int code, List<String> args, String... mentions) throws Exception {
        check(name, Harness.facemat(args.toArray(String[]::new)), code, mentions);
    }

    /** In a JVM of its own with a 1 GB heap: a file that made the reader allocate from its header died there. */
    private void failsInSmallHeap(String name, int code, List<String> args, String... mentions) throws Exception {
        check(name, Harness.facematProcess(args.toArray(String[]::new)), code, mentions);
    }

    private void succeedsInSmallHeap(String name, List<String> args, Path outDir, int frames) throws Exception {
        tried++;
        Harness.Result r = Harness.facematProcess(args.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.code(), name + ": " + r);
        Harness.assertNoStackTrace(r);
        assertEquals(frames, Harness.files(outDir).stream().filter(f -> f.toString().endsWith(".exr")).count(), name);
        assertTrue(Files.isRegularFile(outDir.resolve("m.review.json")), name + ": the review file");
        assertUnchanged(name);
        report.add(name + ": exit 0, " + frames + " frames");
    }

    private void check(String name, Harness.Result r, int code, String... mentions) throws Exception {
        tried++;
        String line = Harness.assertFailure(r, code, mentions);
        assertUnchanged(name);
        report.add(name + ": exit " + code + ": " + line);
    }

    private void guard(Path... files) throws Exception {
        for (Path f : files) {
            guarded.put(f, hash(f));
        }
    }

    private void guardFolder(Path folder) throws Exception {
        for (Path f : Harness.files(folder)) {
            guard(f);
        }
    }

    /** Every guarded file as it was; no temporary file anywhere under the test folder. */
    private void assertUnchanged(String name) throws Exception {
        for (var e : guarded.entrySet()) {
            assertEquals(e.getValue(), hash(e.getKey()), name + ": " + e.getKey() + " changed");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> temps = s.filter(p -> AtomicFile.finalNameOf(p.getFileName().toString()).isPresent())
                    .toList();
            assertEquals(List.of(), temps, name + ": temporary files left");
        }
    }

    private static String hash(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private Path rotoFolder() throws Exception {
        Path roto = Files.createDirectories(dir.resolve("roto"));
        Harness.ffmpeg("-i", dir.resolve("clip.mkv").toString(), "-frames:v", "4", "-vf", "format=gray",
                "-start_number", "0", roto.resolve("%06d.png").toString());
        guardFolder(roto);
        return roto;
    }

    private static void writeExr(Path file, int w, int h, String... channels) throws IOException {
        List<ExrChannel> list = new ArrayList<>();
        for (String c : channels) {
            float[] v = new float[w * h];
            java.util.Arrays.fill(v, 0.5f);
            list.add(new ExrChannel(c, PixelType.FLOAT, v));
        }
        try (ExrWriter wr = new ExrWriter()) {
            wr.write(new ExrImage(w, h, list), ExrOptions.defaults(), file);
        }
    }

    /** Rewrites the header's data and display windows to (0,0)-(xMax,yMax), leaving the pixels as they are. */
    private static void setDataWindow(Path file, int xMax, int yMax) throws IOException {
        byte[] b = Files.readAllBytes(file);
        for (String attr : new String[] {"dataWindow", "displayWindow"}) {
            int at = indexOf(b, (attr + "\0box2i\0").getBytes(StandardCharsets.US_ASCII));
            assertTrue(at > 0, attr);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int values = at + attr.length() + 7 + 4;
            bb.putInt(values + 8, xMax);
            bb.putInt(values + 12, yMax);
        }
        Files.write(file, b);
    }

    private static void replaceOnce(Path file, String from, String to) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int at = indexOf(b, from.getBytes(StandardCharsets.US_ASCII));
        assertTrue(at > 0);
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, b, at, to.length());
        Files.write(file, b);
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
