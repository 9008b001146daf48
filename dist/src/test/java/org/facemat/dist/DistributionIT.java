package org.facemat.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable command line, as a farm administrator gets it: the archive unpacked into an empty folder, linked from
 * another folder, and run with a bare environment (no JAVA_HOME, no Java or Maven on the PATH, a fresh HOME). It
 * renders the sample clip; the training commands come only with the training archive unpacked over it.
 */
class DistributionIT {
    @TempDir
    static Path tmp;
    static Path home;
    static Path bin;
    static String name;

    @BeforeAll
    static void unpack() throws Exception {
        Path target = Path.of(System.getProperty("facemat.dist", "target"));
        name = System.getProperty("facemat.dist.name", "facemat");
        Path archive = target.resolve(name + "-linux-x86_64.tar.gz");
        if (!Files.isRegularFile(archive)) {
            System.out.println("DistributionIT: skipped, " + archive + " was not built (the JDK has no jmods for jlink)");
        }
        assumeTrue(Files.isRegularFile(archive), archive + " was not built (the JDK has no jmods for jlink)");
        Path install = Files.createDirectories(tmp.resolve("opt"));
        run(List.of("tar", "-xzf", archive.toString(), "-C", install.toString()), null, 0);
        home = install.resolve(name);
        System.out.printf("DistributionIT: %s is %.0f MB (unpacked %.0f MB, of which jre/ %.0f MB, lib/ %.0f MB)%n",
                archive.getFileName(), Files.size(archive) / 1e6, size(home) / 1e6, size(home.resolve("jre")) / 1e6,
                size(home.resolve("lib")) / 1e6);
        // a PATH with only what the launcher script itself needs: no java, no mvn
        bin = Files.createDirectories(tmp.resolve("path"));
        for (String tool : new String[] {"sh", "readlink", "dirname"}) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        // linked from elsewhere, as onto a farm node's PATH
        Files.createSymbolicLink(bin.resolve("facemat"), home.resolve("bin/facemat"));
    }

    @Test
    void rendersTheSampleClipWithABareEnvironment() throws Exception {
        Path out = tmp.resolve("renders");
        String log = facemat(0, "render", home.resolve("sample-projects/clip/cap13-sample.mp4").toString(), "--preset",
                "nuke-exr", "--frames", "0-9", "--out", out.resolve("sample").toString());
        assertTrue(log.contains("facemat-face"), log);
        List<Path> frames;
        try (Stream<Path> s = Files.list(out)) {
            frames = s.filter(p -> p.toString().endsWith(".exr")).sorted().toList();
        }
        assertEquals(10, frames.size(), frames.toString());
        ExrFile f = ExrReader.read(frames.get(5));
        float[] alpha = f.image().channel("A").values();
        double mean = 0;
        for (float v : alpha) {
            mean += v;
        }
        mean /= alpha.length;
        assertTrue(mean > 0.02 && mean < 0.6, "a face matte, not an empty or full frame: mean alpha " + mean);
        assertTrue(f.header().channelNames().contains("facemat.uncertainty"), f.header().channelNames().toString());
    }

    @Test
    void farmModelAndDoctorRunAndTheRenderClassPathHasNoTrainingEngine() throws Exception {
        assertTrue(facemat(0, "--version").contains("facemat 0.1.0"));
        assertTrue(facemat(0, "doctor").contains("ok: this machine can render"));
        assertTrue(facemat(0, "model", "info", "facemat-face").contains("contract:  OK"));
        assertTrue(facemat(0, "farm", "plan", home.resolve("sample-projects/clip/cap13-sample.mp4").toString(),
                "--chunk", "50").contains("2 chunk(s) of 50"));
        try (Stream<Path> s = Files.list(home.resolve("lib"))) {
            List<String> jars = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(jars.stream().anyMatch(j -> j.startsWith("facemat-cli")), jars.toString());
            assertFalse(jars.stream().anyMatch(j -> j.contains("pytorch") || j.startsWith("api-")
                    || j.contains("facemat-trainer")), "no training engine in the render archive: " + jars);
        }
    }

    @Test
    void theTrainingArchiveAddsTheTrainingCommands() throws Exception {
        String err = facemat(2, "train", "--help");
        assertTrue(err.contains("train is a training command, and the trainer is not installed"), err);
        Path archive = Path.of(System.getProperty("facemat.dist", "target"))
                .resolve(name.replaceFirst("^facemat-", "facemat-train-") + "-linux-x86_64.tar.gz");
        // a copy of the install, so the other tests keep the render-only one
        Path copy = Files.createDirectories(tmp.resolve("opt-train"));
        run(List.of("cp", "-a", home.toString(), copy.toString()), null, 0);
        run(List.of("tar", "-xzf", archive.toString(), "-C", copy.toString()), null, 0);
        System.out.printf("DistributionIT: %s is %.0f MB%n", archive.getFileName(), Files.size(archive) / 1e6);
        Path launcher = copy.resolve(name).resolve("bin/facemat");
        assertTrue(run(command(launcher, "train", "--help"), tmp, 0).contains("Usage: facemat train"));
        // the trainer's DJL forward on PyTorch, timed beside ONNX Runtime: the engine loads from the archive
        String bench = run(command(launcher, "bench", "--size", "64x64@1", "--frames", "1", "--warmup", "0"), tmp, 0);
        assertTrue(bench.lines().anyMatch(l -> l.startsWith("| 64x64 ") && !l.contains("| - |")), bench);
    }

    private static String facemat(int expected, String... args) throws Exception {
        return run(command(bin.resolve("facemat"), args), tmp, expected);
    }

    private static List<String> command(Path launcher, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "-i", "PATH=" + bin, "HOME=" + tmp.resolve("home"),
                "LANG=C.UTF-8", "FACEMAT_JAVA_OPTS=-Xmx3g", launcher.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command and returns its standard output and error; fails unless it exits with {@code expected}. */
    private static String run(List<String> cmd, Path dir, int expected) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out: " + cmd);
        assertEquals(expected, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
