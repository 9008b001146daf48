package org.facemat.ofx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrReader;
import org.facemat.model.Device;
import org.facemat.model.FaceMatModel;
import org.facemat.render.FaceOptions;
import org.facemat.render.PassSpec;
import org.facemat.render.RenderListener;
import org.facemat.render.RenderSettings;
import org.facemat.render.Renderer;
import org.facemat.testing.SharedData;

/**
 * Runs the plug-in in the independent OpenFX hosts kept beside the checkout ({@code ../shared/hosts}: MLT's melt and
 * NatronRenderer), reads their PNG frames back with ImageIO, and renders the command line's reference on the very
 * frames the host handed the plug-in (the host's own decode of the clip, saved by the host without FaceMat and
 * wrapped losslessly in a 25 fps PNG movie with ffmpeg). Tests skip with the reason printed when the hosts, their
 * run-time libraries or ffmpeg are missing.
 */
final class RealHosts {
    static final String FILTER = "openfx.org.facemat.FaceMat";
    private static final Pattern TIMING = Pattern.compile("facemat-ofx-timing frame=(-?\\d+) node_ms=([0-9.]+)");

    private RealHosts() {
    }

    static void skip(String reason) {
        System.err.println("SKIPPED: " + reason);
        assumeTrue(false, reason);
    }

    static Path hosts() {
        OfxTestHost.requireBuilt();
        return SharedData.require("hosts");
    }

    /** MLT's melt, or skips: missing, or its run-time libraries are (run it once to see). */
    static Path melt() throws Exception {
        Path melt = hosts().resolve("mlt/melt");
        if (!Files.isExecutable(melt)) {
            skip("no melt at " + melt);
        }
        Run r = run(List.of(melt.toString(), "-version"), Map.of(), null, true);
        if (r.exit() != 0) {
            skip("melt does not run here (apt-get install ffmpeg libxml2 libglib2.0-0 libgomp1): " + r.output());
        }
        requireFfmpeg();
        return melt;
    }

    /** NatronRenderer's wrapper, or skips: missing, or its run-time libraries are (see .ci/run). */
    static Path natron() throws Exception {
        Path natron = hosts().resolve("natron/natron-renderer");
        Path binary = hosts().resolve("natron/bin/NatronRenderer");
        if (!Files.isExecutable(natron) || !Files.isExecutable(binary)) {
            skip("no NatronRenderer at " + natron);
        }
        Run r = run(List.of("ldd", binary.toString()), Map.of("LD_LIBRARY_PATH", "/usr/lib/x86_64-linux-gnu"), null,
                true);
        List<String> missing = new ArrayList<>();
        for (String l : r.output().split("\n")) {
            if (l.contains("not found")) {
                missing.add(l.trim().split(" ")[0]);
            }
        }
        if (r.exit() != 0 || !missing.isEmpty()) {
            skip("NatronRenderer's run-time libraries are missing (" + missing + "; .ci/run installs them)");
        }
        requireFfmpeg();
        return natron;
    }

    private static void requireFfmpeg() throws Exception {
        Run r = run(List.of("ffmpeg", "-version"), Map.of(), null, true);
        if (r.exit() != 0) {
            skip("no ffmpeg on the PATH (the reference movie is made with it)");
        }
    }

    /** One host run: exit code, standard output and error together, wall time. */
    record Run(int exit, String output, double seconds) {
        /** The node's time for each network run the plug-in logged (-Dfacemat.ofx.timing), in order. */
        List<double[]> nodeRuns() {
            List<double[]> out = new ArrayList<>();
            Matcher m = TIMING.matcher(output);
            while (m.find()) {
                out.add(new double[] {Long.parseLong(m.group(1)), Double.parseDouble(m.group(2))});
            }
            return out;
        }

        long lines(String text) {
            return output.lines().filter(l -> l.contains(text)).count();
        }
    }

    /** The plug-in's environment in a host: the bundle on OFX_PLUGIN_PATH, Java options, the tests' Java. */
    static Map<String, String> pluginEnv(Path work, String javaOptions) {
        Map<String, String> env = new HashMap<>();
        env.put("OFX_PLUGIN_PATH", OfxTestHost.TARGET.toString());
        env.put("JAVA_HOME", OfxTestHost.javaHome());
        env.put("FACEMAT_OFX_JAVA_OPTIONS", ("-Xmx2g -Djna.tmpdir=" + OfxTestHost.TARGET.resolve("jna")
                + " -Dfacemat.ofx.timing=true " + javaOptions).trim());
        env.put("NATRON_HOME", work.resolve("natron-home").toString());
        return env;
    }

    /** Runs a command; env entries with a null value are removed from the environment. */
    static Run run(List<String> command, Map<String, String> env, Path dir, boolean quiet) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getValue() == null) {
                pb.environment().remove(e.getKey());
            } else {
                pb.environment().put(e.getKey(), e.getValue());
            }
        }
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Run(127, e.getMessage(), 0);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish in 10 minutes");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String text = new String(out, StandardCharsets.UTF_8);
        if (!quiet) {
            System.out.printf("%s: exit %d in %.1f s%n", Path.of(command.get(0)).getFileName(), p.exitValue(), seconds);
        }
        return new Run(p.exitValue(), text, seconds);
    }

    /** melt rendering {@code input} (through FaceMat with {@code params}, or without when null) to PNG frames. */
    static Run melt(Path input, Integer lastFrame, Map<String, String> params, Path out, Map<String, String> env)
            throws Exception {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of(melt().toString(), input.toString()));
        if (lastFrame != null) {
            cmd.add("out=" + lastFrame);
        }
        if (params != null) {
            cmd.add("-filter");
            cmd.add(FILTER);
            params.forEach((k, v) -> cmd.add(k + "=" + v));
        }
        return meltTo(cmd, out, env);
    }

    /** Runs melt with {@code command} (melt and its producers) and a PNG consumer writing {@code out/f%04d.png}. */
    static Run meltTo(List<String> command, Path out, Map<String, String> env) throws Exception {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("-consumer", "avformat:" + out.resolve("f%04d.png"), "vcodec=png", "pix_fmt=rgba", "an=1",
                "mlt_image_format=rgba"));
        Run r = run(cmd, env, null, false);
        // now and then (a few in a hundred runs here, with or without FaceMat) melt exits 0 at once having written
        // nothing: run it again, twice at most; a plug-in that writes no frame still fails every attempt
        for (int attempt = 1; attempt <= 2 && r.exit() == 0 && !Files.isRegularFile(out.resolve("f0001.png"));
                attempt++) {
            System.out.println("melt exited 0 and wrote no frame; again. Its output: " + r.output());
            r = run(cmd, env, null, false);
        }
        return r;
    }

    /** NatronRenderer running the tests' script (Read -> [FaceMat] -> Write 16-bit PNG {@code out/m.####.png}). */
    static Run natron(Path clip, int first, int last, Map<String, String> settings, Path out, Map<String, String> env)
            throws Exception {
        Files.createDirectories(out);
        Path script = Path.of("src/test/resources/ofx/natron_render.py").toAbsolutePath();
        Map<String, String> e = new HashMap<>(env);
        e.put("FM_CLIP", clip.toString());
        e.put("FM_OUT", out.resolve("m.####.png").toString());
        e.put("FM_FIRST", Integer.toString(first));
        e.put("FM_LAST", Integer.toString(last));
        e.putAll(settings);
        return run(List.of(natron().toString(), "-t", script.toString()), e, null, false);
    }

    /** An image read back from a PNG: values on [0, 1], top row first. */
    record Image(int width, int height, int channels, int bits, float[] values) {
        float at(int x, int y, int c) {
            return values[(y * width + x) * channels + c];
        }
    }

    static Image readPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), "the host wrote no " + file);
        BufferedImage img = ImageIO.read(file.toFile());
        Raster r = img.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        int c = r.getNumBands();
        int bits = r.getSampleModel().getSampleSize(0);
        float scale = (float) ((1L << bits) - 1);
        float[] v = new float[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < c; b++) {
                    v[(y * w + x) * c + b] = r.getSample(x, y, b) / scale;
                }
            }
        }
        return new Image(w, h, c, bits, v);
    }

    /** The host's frames {@code pattern} (printf style, numbered from {@code start}) as a lossless 25 fps movie. */
    static Path movie(Path pattern, int start, boolean sixteenBit, Path movie) throws Exception {
        Run r = run(List.of("ffmpeg", "-loglevel", "error", "-y", "-framerate", "25", "-start_number",
                Integer.toString(start), "-i", pattern.toString(), "-c:v", "png", "-pix_fmt",
                sixteenBit ? "rgba64be" : "rgba", movie.toString()), Map.of(), null, true);
        assertTrue(r.exit() == 0 && Files.isRegularFile(movie), "ffmpeg: " + r.output());
        return movie;
    }

    /** The command line's render (facemat render, float EXR) of frames first..last: alpha and uncertainty. */
    record Reference(Map<Integer, float[]> alpha, Map<Integer, float[]> sigma) {
    }

    static Reference cli(Path input, int first, int last, int preroll, Path dir) throws Exception {
        Files.createDirectories(dir);
        PassSpec exr = new PassSpec(PassSpec.Kind.EXR, dir.resolve("ref.####.exr").toString(), PassSpec.Content.BOTH,
                true, false, false);
        RenderSettings s = new RenderSettings(input, (long) first, (long) last, preroll, null,
                RenderSettings.OnError.STOP, false, List.of(exr), List.of(),
                FaceOptions.aligned(OfxPluginTest.shippedModel().getParent()));
        try (FaceMatModel m = FaceMatModel.open(OfxPluginTest.shippedModel(), Device.AUTO, OfxInstance.THREADS, null)) {
            new Renderer(m).render(s, new RenderListener() { });
        }
        Reference ref = new Reference(new HashMap<>(), new HashMap<>());
        for (int n = first; n <= last; n++) {
            ExrImage img = ExrReader.read(dir.resolve(String.format("ref.%04d.exr", n))).image();
            ref.alpha().put(n, img.channel("A").values());
            ref.sigma().put(n, img.channel("facemat.uncertainty").values());
        }
        return ref;
    }

    /** Max |host channel c - expected| over columns x0..x1-1 (expected: top row first, full width). */
    static double maxDiff(Image img, int c, float[] expected, int x0, int x1, boolean clamp) {
        double max = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = x0; x < x1; x++) {
                float e = expected[y * img.width() + x];
                if (clamp) {
                    e = Math.min(1f, Math.max(0f, e));
                }
                max = Math.max(max, Math.abs(img.at(x, y, c) - e));
            }
        }
        return max;
    }

    static double maxDiff(Image img, int c, float[] expected) {
        return maxDiff(img, c, expected, 0, img.width(), false);
    }

    /**
     * Whether the image is the plug-in's failed-frame pattern: diagonal stripes {@link OfxNames#FAILED_STRIPE} wide,
     * magenta with alpha 1 on them, black with alpha 0 between (OpenFX rows count from the bottom).
     */
    static boolean isFailedFramePattern(Image img) {
        int h = img.height();
        for (int y = 0; y < h; y += 7) {
            for (int x = 0; x < img.width(); x += 5) {
                int ofxY = h - 1 - y;
                float on = ((x + ofxY) / OfxNames.FAILED_STRIPE) % 2 == 0 ? 1f : 0f;
                float a = img.at(x, y, img.channels() - 1);
                if (Math.abs(a - on) > 1e-3 || (img.channels() >= 3 && (Math.abs(img.at(x, y, 0) - on) > 1e-3
                        || img.at(x, y, 1) > 1e-3))) {
                    return false;
                }
            }
        }
        return true;
    }
}
