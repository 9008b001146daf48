package org.facemat.ofx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plug-in in MLT's melt (the engine of Shotcut and Kdenlive), a real host that wraps every frame in its own
 * non-interactive begin/end-sequence-render and gives no temporal access: rendered from the clip's first frame, the
 * matte must be the command line's continuous matte on the same frames, within 8-bit quantisation (melt hands the
 * plug-in 8-bit RGBA here). Failures must reach the host as messages and leave frames that cannot be taken for a
 * matte (MLT ignores a failed render).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfxMeltTest {
    static final int FRAMES = 16;
    /** Half an 8-bit step, plus float noise between two runs of the network. */
    static final double TOLERANCE_8 = 0.5 / 255 + 2e-4;
    /** MLT gives no frame rate: the clip's, as the command line reads it from the movie. */
    static final Map<String, String> PARAMS = Map.of("frameRate", "25");

    Path work;
    Path clip;
    RealHosts.Reference reference;
    Path hostMovie;

    @BeforeAll
    void reference(@TempDir Path dir) throws Exception {
        work = dir;
        clip = OfxTestHost.SAMPLE_CLIP;
        RealHosts.melt();
        // the frames as melt decodes them and hands them to a filter, then the command line on those frames
        RealHosts.Run plain = RealHosts.melt(clip, FRAMES - 1, null, work.resolve("host"), Map.of());
        assertEquals(0, plain.exit(), plain.output());
        hostMovie = RealHosts.movie(work.resolve("host/f%04d.png"), 1, false, work.resolve("host.mov"));
        reference = RealHosts.cli(hostMovie, 0, FRAMES - 1, 0, work.resolve("cli"));
    }

    private RealHosts.Image frame(Path dir, int n) throws Exception {
        return RealHosts.readPng(dir.resolve(String.format("f%04d.png", n + 1))); // melt numbers from 1
    }

    @Test
    void fromTheFirstFrameTheMatteIsTheCommandLinesContinuousMatte() throws Exception {
        Path out = work.resolve("matte");
        RealHosts.Run r = RealHosts.melt(clip, FRAMES - 1, PARAMS, out, RealHosts.pluginEnv(work, ""));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("OpenFX threading mode for " + RealHosts.FILTER + ": serialized")
                || !r.output().contains("OpenFX threading mode"), "one instance sees the frames in order");
        double worst = 0;
        for (int n = 0; n < FRAMES; n++) {
            RealHosts.Image img = frame(out, n);
            assertEquals(8, img.bits());
            double d = RealHosts.maxDiff(img, 3, reference.alpha().get(n));
            worst = Math.max(worst, d);
            System.out.printf("melt frame %d vs the command line: max |alpha diff| %.5f%n", n, d);
            assertTrue(d <= TOLERANCE_8, "melt frame " + n + " differs from the command line's matte by " + d);
        }
        System.out.printf("melt, %d frames: max |alpha diff| to the command line %.5f (tolerance %.5f)%n", FRAMES,
                worst, TOLERANCE_8);
        // the command line's cost per frame: one network run per frame (no pre-roll, the repeated last frame reused)
        assertEquals(FRAMES, r.nodeRuns().size(), "network runs: " + r.nodeRuns().size());

        // the test can tell: a frame matted from a zero state (what melt gave before) is another matte
        RealHosts.Reference cold = RealHosts.cli(hostMovie, 12, 12, 0, work.resolve("cli-cold"));
        double d = RealHosts.maxDiff(frame(out, 12), 3, cold.alpha().get(12));
        System.out.printf("melt frame 12 vs the command line from a zero state at 12: max |alpha diff| %.4f%n", d);
        assertTrue(d > 20 * TOLERANCE_8, "a zero state at frame 12 gives nearly the same matte; the test cannot tell");
    }

    @Test
    void uncertaintyOutput() throws Exception {
        Path out = work.resolve("sigma");
        Map<String, String> p = new HashMap<>(PARAMS);
        p.put("outputMode", "Uncertainty (grey)");
        RealHosts.Run r = RealHosts.melt(clip, 5, p, out, RealHosts.pluginEnv(work, ""));
        assertEquals(0, r.exit(), r.output());
        for (int n = 0; n <= 5; n++) {
            RealHosts.Image img = frame(out, n);
            double d = RealHosts.maxDiff(img, 0, reference.sigma().get(n), 0, img.width(), true);
            System.out.printf("melt uncertainty frame %d vs the command line: max diff %.5f%n", n, d);
            assertTrue(d <= TOLERANCE_8, "uncertainty frame " + n + " differs by " + d);
            assertEquals(1f, img.at(10, 10, 3), 0f);
        }
    }

    /**
     * Two clips, each with its own FaceMat filter, on two tracks of one MLT XML project: melt renders both filters on
     * every frame, interleaved. Each keeps its own state: the bottom track's matte (visible where the top track is
     * moved aside) is its clip's continuous matte. The project is rendered twice with the tracks swapped.
     */
    @Test
    void twoFiltersOnTwoClipsInOneProjectKeepSeparateStates() throws Exception {
        int last = 7;
        String[][] orders = {{"a", "b"}, {"b", "a"}};
        Map<String, Integer> inPoint = Map.of("a", 0, "b", 40);
        for (String[] order : orders) {
            String bottom = order[0];
            Path dir = work.resolve("two-" + bottom);
            Files.createDirectories(dir);
            // the bottom clip alone, without FaceMat, in the same profile: the frames its filter gets
            Path alone = dir.resolve("alone.mlt");
            Files.writeString(alone, project(List.of(order[0]), inPoint, last, false));
            Files.createDirectories(dir.resolve("host"));
            RealHosts.Run plain = RealHosts.meltTo(List.of(RealHosts.melt().toString(), alone.toString()),
                    dir.resolve("host"), Map.of());
            assertEquals(0, plain.exit(), plain.output());
            RealHosts.Reference ref = RealHosts.cli(RealHosts.movie(dir.resolve("host/f%04d.png"), 1, false,
                    dir.resolve("host.mov")), 0, last, 0, dir.resolve("cli"));

            Path two = dir.resolve("two.mlt");
            Files.writeString(two, project(List.of(order), inPoint, last, true));
            Path out = dir.resolve("out");
            Files.createDirectories(out);
            RealHosts.Run r = RealHosts.meltTo(List.of(RealHosts.melt().toString(), two.toString()), out,
                    RealHosts.pluginEnv(work, ""));
            assertEquals(0, r.exit(), r.output());
            assertEquals(2 * (last + 1), r.nodeRuns().size(), "both filters run on every frame");
            for (int n = 0; n <= last; n++) {
                RealHosts.Image img = frame(out, n);
                // the top track covers the right half: the left half is the bottom clip with its matte
                double d = RealHosts.maxDiff(img, 3, ref.alpha().get(n), 0, img.width() / 2, false);
                System.out.printf("melt two filters, bottom clip %s frame %d vs the command line: max diff %.5f%n",
                        bottom, n, d);
                assertTrue(d <= TOLERANCE_8, "clip " + bottom + " frame " + n + " differs by " + d);
            }
        }
    }

    /** The shipped MLT sample project, as it is (its clip path relative to the file), rendered by melt. */
    @Test
    void theSampleProjectRendersTheContinuousMatte() throws Exception {
        Path project = Path.of("..", "sample-projects", "mlt", "facemat-sample.mlt").toAbsolutePath().normalize();
        String xml = Files.readString(project);
        assertTrue(xml.contains("openfx.org.facemat.FaceMat"), "the sample uses the plug-in");
        int last = 7;
        // the frames its filter gets: the same project without FaceMat (the clip's path made absolute)
        Path plain = work.resolve("sample-plain.mlt");
        Files.writeString(plain, xml.replaceAll("(?s)<filter id=\"facemat\">.*?</filter>", "")
                .replace("../clip/cap13-sample.mp4", OfxTestHost.SAMPLE_CLIP.toString()));
        Path host = work.resolve("sample-host");
        Files.createDirectories(host);
        RealHosts.Run h = RealHosts.meltTo(List.of(RealHosts.melt().toString(), plain.toString(), "out=" + last),
                host, Map.of());
        assertEquals(0, h.exit(), h.output());
        assertTrue(Files.isRegularFile(host.resolve("f0001.png")), "melt wrote no frame: " + h.output());
        RealHosts.Reference ref = RealHosts.cli(RealHosts.movie(host.resolve("f%04d.png"), 1, false,
                work.resolve("sample-host.mov")), 0, last, 0, work.resolve("sample-cli"));
        Path out = work.resolve("sample");
        Files.createDirectories(out);
        RealHosts.Run r = RealHosts.meltTo(List.of(RealHosts.melt().toString(), project.toString(), "out=" + last),
                out, RealHosts.pluginEnv(work, ""));
        assertEquals(0, r.exit(), r.output());
        for (int n = 0; n <= last; n++) {
            double d = RealHosts.maxDiff(frame(out, n), 3, ref.alpha().get(n));
            System.out.printf("melt sample project frame %d vs the command line: max diff %.5f%n", n, d);
            assertTrue(d <= TOLERANCE_8, "sample project frame " + n + " differs by " + d);
        }
    }

    /** An MLT XML project: the clips (by name, with their in-points) on tracks, the second moved to the right half. */
    private static String project(List<String> clips, Map<String, Integer> inPoint, int length, boolean faceMat) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<mlt>\n");
        b.append("  <profile width=\"400\" height=\"300\" frame_rate_num=\"25\" frame_rate_den=\"1\" "
                + "sample_aspect_num=\"1\" sample_aspect_den=\"1\" display_aspect_num=\"4\" display_aspect_den=\"3\" "
                + "progressive=\"1\" colorspace=\"709\"/>\n");
        for (String c : clips) {
            int in = inPoint.get(c);
            b.append("  <producer id=\"").append(c).append("\" in=\"").append(in).append("\" out=\"")
                    .append(in + length).append("\">\n    <property name=\"resource\">")
                    .append(OfxTestHost.SAMPLE_CLIP).append("</property>\n");
            if (faceMat) {
                b.append("    <filter><property name=\"mlt_service\">").append(RealHosts.FILTER)
                        .append("</property><property name=\"frameRate\">25</property></filter>\n");
            }
            b.append("  </producer>\n");
        }
        if (clips.size() > 1) {
            b.append("  <tractor id=\"project\">\n    <multitrack>\n");
            for (String c : clips) {
                b.append("      <track producer=\"").append(c).append("\"/>\n");
            }
            b.append("    </multitrack>\n    <transition><property name=\"mlt_service\">composite</property>"
                    + "<property name=\"a_track\">0</property><property name=\"b_track\">1</property>"
                    + "<property name=\"geometry\">50%/0%:50%x100%</property></transition>\n  </tractor>\n");
        }
        return b.append("</mlt>\n").toString();
    }

    // ---- failures: a message through the host, a frame that is not a matte, melt keeps running ----

    @Test
    void noJavaRuntimeAnywhere() throws Exception {
        // the bundle without its own runtime, JAVA_HOME unset, no java on the PATH
        Path plugins = OfxTestHost.bundleWithoutRuntime(work.resolve("nojre-plugins"));
        Map<String, String> env = RealHosts.pluginEnv(work, "");
        env.put("OFX_PLUGIN_PATH", plugins.toString());
        env.put("JAVA_HOME", null);
        env.put("PATH", noJavaPath());
        Path out = work.resolve("nojava");
        RealHosts.Run r = RealHosts.melt(clip, 2, PARAMS, out, env);
        assertEquals(0, r.exit(), "melt ignores a failed render and goes on: " + r.output());
        assertTrue(r.output().contains("FaceMat: no Java runtime: JAVA_HOME is not set"), r.output());
        for (int n = 0; n <= 2; n++) {
            assertTrue(RealHosts.isFailedFramePattern(frame(out, n)), "frame " + n + " is not the failed-frame pattern");
        }
    }

    @Test
    void theBundledRuntimeRunsWithoutJavaHomeOrJavaOnThePath() throws Exception {
        Path jre = OfxTestHost.TARGET.resolve("FaceMat.ofx.bundle/Contents/Resources/jre/lib/server/libjvm.so");
        if (!Files.isRegularFile(jre)) {
            RealHosts.skip("the bundle has no Java runtime (the build found no jlink)");
        }
        Map<String, String> env = RealHosts.pluginEnv(work, "");
        env.put("JAVA_HOME", null);
        env.put("PATH", noJavaPath());
        Path out = work.resolve("bundled-jre");
        RealHosts.Run r = RealHosts.melt(clip, 2, PARAMS, out, env);
        assertEquals(0, r.exit(), r.output());
        assertFalse(r.output().contains("FaceMat:"), r.output());
        for (int n = 0; n <= 2; n++) {
            double d = RealHosts.maxDiff(frame(out, n), 3, reference.alpha().get(n));
            assertTrue(d <= TOLERANCE_8, "bundled runtime: frame " + n + " differs by " + d);
        }
    }

    /** A PATH holding only the shell tools melt's wrapper uses (links), without java. */
    private String noJavaPath() throws Exception {
        Path bin = work.resolve("nojava-bin");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            for (String tool : List.of("sh", "dirname")) {
                for (String dir : List.of("/usr/bin", "/bin")) {
                    Path p = Path.of(dir, tool);
                    if (Files.isExecutable(p)) {
                        Files.createSymbolicLink(bin.resolve(tool), p);
                        break;
                    }
                }
            }
        }
        return bin.toString();
    }

    @Test
    void aBrokenModelFailsEachFrameWithAMessage() throws Exception {
        Path bad = work.resolve("broken.onnx");
        Files.writeString(bad, "not an ONNX model");
        Map<String, String> p = new HashMap<>(PARAMS);
        p.put("modelFile", bad.toString());
        Path out = work.resolve("broken");
        RealHosts.Run r = RealHosts.melt(clip, 2, p, out, RealHosts.pluginEnv(work, ""));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.lines("FaceMat: ") >= 3 && r.output().contains(bad.toString()), r.output());
        for (int n = 0; n <= 2; n++) {
            assertTrue(RealHosts.isFailedFramePattern(frame(out, n)), "frame " + n + " is not the failed-frame pattern");
        }
    }

    @Test
    void anExceptionInTheNodeFailsThatFrameOnly() throws Exception {
        Path out = work.resolve("fault");
        RealHosts.Run r = RealHosts.melt(clip, 5, PARAMS, out,
                RealHosts.pluginEnv(work, "-Dfacemat.ofx.faultFrame=3"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("FaceMat: the network failed on frame 3: fault injected"), r.output());
        assertTrue(RealHosts.isFailedFramePattern(frame(out, 3)));
        for (int n : new int[] {0, 1, 2}) {
            double d = RealHosts.maxDiff(frame(out, n), 3, reference.alpha().get(n));
            assertTrue(d <= TOLERANCE_8, "frame " + n + " before the fault differs by " + d);
        }
        // after the failed frame the state starts again from zeros (melt has no temporal access): a matte again
        assertFalse(RealHosts.isFailedFramePattern(frame(out, 4)));
        RealHosts.Reference restart = RealHosts.cli(hostMovie, 4, 5, 0, work.resolve("cli-restart"));
        for (int n : new int[] {4, 5}) {
            double d = RealHosts.maxDiff(frame(out, n), 3, restart.alpha().get(n));
            assertTrue(d <= TOLERANCE_8, "frame " + n + " after the fault differs from a start at 4 by " + d);
        }
    }

    @Test
    void anExhaustedJavaHeapFailsFramesWithAMessage() throws Exception {
        Path out = work.resolve("heap");
        RealHosts.Run r = RealHosts.melt(clip, 2, PARAMS, out, RealHosts.pluginEnv(work, "-Xmx12m"));
        assertEquals(0, r.exit(), "melt keeps running: " + r.output());
        assertTrue(r.output().contains("FaceMat: out of Java memory"), r.output());
        for (int n = 0; n <= 2; n++) {
            assertTrue(RealHosts.isFailedFramePattern(frame(out, n)), "frame " + n + " is not the failed-frame pattern");
        }
    }
}
