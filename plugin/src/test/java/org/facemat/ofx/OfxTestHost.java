package org.facemat.ofx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;

/**
 * Runs the project's OpenFX test host (src/test/native/ofx_test_host.c, built by the Maven build) on the bundle in
 * target/, and reads back what it reports and writes. Tests skip, with the reason printed, when the build had no
 * C compiler.
 */
final class OfxTestHost {
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path BUNDLE_LIBRARY = TARGET.resolve("FaceMat.ofx.bundle/Contents/Linux-x86-64/FaceMat.ofx");
    static final Path HOST = TARGET.resolve("ofx-test-host/ofx_test_host");
    static final Path SAMPLE_CLIP = Path.of("..", "sample-projects", "clip", "cap13-sample.mp4").toAbsolutePath()
            .normalize();

    private OfxTestHost() {
    }

    /** Skips the calling test when the bundle or the test host was not built. */
    static void requireBuilt() {
        boolean built = Files.isRegularFile(BUNDLE_LIBRARY) && Files.isExecutable(HOST);
        if (!built) {
            String reason = "SKIPPED: the OpenFX bundle or test host was not built (the build found no C compiler or "
                    + "no JDK headers; see its 'skipping the OpenFX' warning)";
            System.err.println(reason);
            assumeTrue(false, reason);
        }
    }

    /**
     * A folder for OFX_PLUGIN_PATH holding the built bundle without its own Java runtime (links to the library, the
     * jars and the models), for the cases where no Java runtime may be found.
     */
    static Path bundleWithoutRuntime(Path dir) throws IOException {
        Path contents = TARGET.resolve("FaceMat.ofx.bundle/Contents");
        Path copy = dir.resolve("FaceMat.ofx.bundle/Contents");
        Files.createDirectories(copy.resolve("Linux-x86-64"));
        Files.createDirectories(copy.resolve("Resources"));
        Files.createSymbolicLink(copy.resolve("Linux-x86-64/FaceMat.ofx"), contents.resolve("Linux-x86-64/FaceMat.ofx"));
        for (String d : List.of("java", "models")) {
            Files.createSymbolicLink(copy.resolve("Resources/" + d), contents.resolve("Resources/" + d));
        }
        return dir;
    }

    /** The Java runtime running the tests: the host process gets it as JAVA_HOME. */
    static String javaHome() {
        return System.getProperty("java.home");
    }

    /** Decodes frames {@code 0..count-1} of the sample clip. */
    static List<Frame> sampleFrames(int count) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (FrameSource src = FrameSource.open(SAMPLE_CLIP)) {
            for (int n = 0; n < count; n++) {
                frames.add((n == 0 ? src.read(0) : src.next()).copy());
            }
        }
        return frames;
    }

    /** Writes frames as the host reads them: float32 RGBA (A = 1), top row first. */
    static void writeFrames(List<Frame> frames, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int n = 0; n < frames.size(); n++) {
            Frame f = frames.get(n);
            int area = f.width() * f.height();
            ByteBuffer b = ByteBuffer.allocate(area * 16).order(ByteOrder.nativeOrder());
            float[] rgb = f.rgb();
            for (int i = 0; i < area; i++) {
                b.putFloat(rgb[i]).putFloat(rgb[area + i]).putFloat(rgb[2 * area + i]).putFloat(1f);
            }
            Files.write(dir.resolve(String.format("frame_%04d.rgba", n)), b.array());
        }
    }

    /** The host's report: its key=value lines in order. */
    record Report(List<String> lines, int exitCode) {
        List<String> values(String key) {
            List<String> out = new ArrayList<>();
            for (String l : lines) {
                if (l.startsWith(key + "=")) {
                    out.add(l.substring(key.length() + 1));
                }
            }
            return out;
        }

        String value(String key) {
            List<String> v = values(key);
            return v.isEmpty() ? null : v.get(0);
        }
    }

    static Report run(String scenario, Path frames, int width, int height, int count, Path out,
                      Map<String, String> env) throws Exception {
        Files.createDirectories(out);
        ProcessBuilder pb = new ProcessBuilder(HOST.toString(), scenario, frames.toString(), String.valueOf(width),
                String.valueOf(height), String.valueOf(count), out.toString());
        pb.environment().put("OFX_PLUGIN_PATH", TARGET.toString());
        pb.environment().put("JAVA_HOME", javaHome());
        pb.environment().put("FACEMAT_OFX_JAVA_OPTIONS", "-Xmx2g -Djna.tmpdir=" + TARGET.resolve("jna")
                + ("bench".equals(scenario) ? " -Dfacemat.ofx.timing=true" : ""));
        pb.environment().putAll(env);
        pb.redirectErrorStream(false);
        pb.redirectError(out.resolve("host-stderr.txt").toFile());
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (InputStream in = p.getInputStream()) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String l : all.split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the test host did not finish in 10 minutes");
        }
        Files.write(out.resolve("host-stdout.txt"), lines);
        return new Report(lines, p.exitValue());
    }

    /** One image the host wrote: float values, top row first, {@code channels} interleaved. */
    record HostOutput(int width, int height, int channels, float[] values) {
        float at(int x, int y, int c) {
            return values[(y * width + x) * channels + c];
        }
    }

    static HostOutput readOutput(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int nl = 0;
        while (all[nl] != '\n') {
            nl++;
        }
        String[] h = new String(all, 0, nl, StandardCharsets.US_ASCII).split(" ");
        int w = Integer.parseInt(h[1]);
        int hh = Integer.parseInt(h[2]);
        int c = Integer.parseInt(h[3]);
        float[] v = new float[w * hh * c];
        ByteBuffer.wrap(all, nl + 1, all.length - nl - 1).order(ByteOrder.nativeOrder()).asFloatBuffer().get(v);
        return new HostOutput(w, hh, c, v);
    }
}
