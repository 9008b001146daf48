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
 * The plug-in in NatronRenderer 2.5, a real host that wraps every frame of a render in its own non-interactive
 * begin/end-sequence-render and offers temporal access: rendered from the clip's first frame, the matte must be the
 * command line's continuous matte on the same frames within 16-bit quantisation (Natron works in float; the frames
 * are written as 16-bit PNG), at one network run per frame; a render that starts later pre-rolls once. Natron
 * numbers a movie's frames from 1: Natron frame t is the clip's frame t - 1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfxNatronTest {
    static final int FRAMES = 16;
    /**
     * Half a 16-bit step, plus the network's response to float rounding differences between the plug-in's input in
     * Natron (its movie reader's floats are a rounding away from the code values) and the command line's decode
     * of the same code values written as 16-bit PNG: measured up to 3.9e-4 on the sample clip, 8e-6 on a PNG sequence.
     */
    static final double TOLERANCE_16 = 0.5 / 65535 + 5e-4;
    /**
     * A scene-linear plate (Natron's Read converting the file from sRGB with its OCIO configuration's 1D table)
     * matted with the Auto colour space (linear in Natron): the table's interpolation error on the way in, no more.
     */
    static final double TOLERANCE_LINEAR = 1e-3;
    /** The file's code values, matted as sRGB. */
    static final Map<String, String> RAW_SRGB = Map.of("FM_READ_SPACE", "raw", "FM_PARAMS", "colorSpace=1");

    Path work;
    Path clip;
    RealHosts.Reference reference;
    Path hostMovie;

    @BeforeAll
    void reference(@TempDir Path dir) throws Exception {
        work = dir;
        clip = OfxTestHost.SAMPLE_CLIP;
        RealHosts.natron();
        // the frames as Natron decodes the clip (its code values), then the command line on those frames
        RealHosts.Run plain = RealHosts.natron(clip, 1, FRAMES, Map.of("FM_FACEMAT", "0", "FM_READ_SPACE", "raw"),
                work.resolve("host"), RealHosts.pluginEnv(work, ""));
        assertEquals(0, plain.exit(), plain.output());
        hostMovie = RealHosts.movie(work.resolve("host/m.%04d.png"), 1, true, work.resolve("host.mov"));
        reference = RealHosts.cli(hostMovie, 0, FRAMES - 1, 0, work.resolve("cli"));
    }

    private static RealHosts.Image frame(Path dir, int natronFrame) throws Exception {
        return RealHosts.readPng(dir.resolve(String.format("m.%04d.png", natronFrame)));
    }

    private RealHosts.Run render(String name, int first, int last, Map<String, String> settings, String javaOptions)
            throws Exception {
        RealHosts.Run r = RealHosts.natron(clip, first, last, settings, work.resolve(name),
                RealHosts.pluginEnv(work, javaOptions));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("FM_TEST rendered"), r.output());
        return r;
    }

    private double compare(String what, Path dir, int natronFrame, int channel, float[] expected, double tolerance,
                           boolean clamp) throws Exception {
        RealHosts.Image img = frame(dir, natronFrame);
        assertEquals(16, img.bits());
        double d = RealHosts.maxDiff(img, channel, expected, 0, img.width(), clamp);
        System.out.printf("NatronRenderer %s frame %d (clip frame %d) vs the command line: max diff %.6f%n", what,
                natronFrame, natronFrame - 1, d);
        assertTrue(d <= tolerance, what + " frame " + natronFrame + " differs from the command line by " + d);
        return d;
    }

    @Test
    void fromTheFirstFrameTheMatteIsTheCommandLinesContinuousMatte() throws Exception {
        RealHosts.Run r = render("matte", 1, FRAMES, RAW_SRGB, "");
        double worst = 0;
        for (int t = 1; t <= FRAMES; t++) {
            worst = Math.max(worst, compare("matte", work.resolve("matte"), t, 3, reference.alpha().get(t - 1),
                    TOLERANCE_16, false));
        }
        System.out.printf("NatronRenderer, %d frames: max |alpha diff| to the command line %.6f (tolerance %.6f)%n",
                FRAMES, worst, TOLERANCE_16);
        // the command line's cost: one network run per frame, no per-frame pre-roll
        assertEquals(FRAMES, r.nodeRuns().size(), "network runs: " + r.nodeRuns().size());
        // RGB is the plate
        RealHosts.Image img = frame(work.resolve("matte"), 3);
        RealHosts.Image plate = frame(work.resolve("host"), 3);
        for (int i = 0; i < img.values().length; i += 4 * 37) {
            for (int c = 0; c < 3; c++) {
                assertEquals(plate.values()[i + c], img.values()[i + c], 1e-6);
            }
        }
    }

    /** Natron's default way: the Read converts the file to scene-linear; FaceMat's Auto colour space is linear. */
    @Test
    void aSceneLinearPlateIsMattedAsTheCommandLineMattesTheFile() throws Exception {
        render("linear", 1, 6, Map.of("FM_READ_SPACE", "linear"), "");
        for (int t = 1; t <= 6; t++) {
            compare("linear plate", work.resolve("linear"), t, 3, reference.alpha().get(t - 1), TOLERANCE_LINEAR,
                    false);
        }
        // the test can tell: the same linear plate taken for sRGB code values is another matte
        render("linear-as-srgb", 1, 1, Map.of("FM_READ_SPACE", "linear", "FM_PARAMS", "colorSpace=1"), "");
        double d = RealHosts.maxDiff(frame(work.resolve("linear-as-srgb"), 1), 3, reference.alpha().get(0));
        System.out.printf("NatronRenderer linear plate taken for sRGB, frame 1: max diff %.4f%n", d);
        assertTrue(d > 0.05, "the colour space makes no difference; the test cannot tell");
    }

    @Test
    void alphaOnlyAndUncertaintyOutputs() throws Exception {
        render("alpha", 1, 4, Map.of("FM_READ_SPACE", "raw", "FM_PARAMS", "colorSpace=1,outputMode=2"), "");
        for (int t = 1; t <= 4; t++) {
            RealHosts.Image img = frame(work.resolve("alpha"), t);
            compare("alpha only", work.resolve("alpha"), t, img.channels() - 1, reference.alpha().get(t - 1),
                    TOLERANCE_16, false);
        }
        render("sigma", 1, 4, Map.of("FM_READ_SPACE", "raw", "FM_PARAMS", "colorSpace=1,outputMode=1"), "");
        for (int t = 1; t <= 4; t++) {
            compare("uncertainty", work.resolve("sigma"), t, 0, reference.sigma().get(t - 1), TOLERANCE_16, true);
        }
    }

    /** A render that starts at clip frame 10 pre-rolls once (8 frames), then runs one network per frame. */
    @Test
    void aRenderStartingLaterPreRollsOnce() throws Exception {
        RealHosts.Run r = render("jump", 11, 14, RAW_SRGB, "");
        assertEquals(8 + 4, r.nodeRuns().size(), "8 pre-roll runs, then one per frame: " + r.nodeRuns().size());
        RealHosts.Reference jump = RealHosts.cli(hostMovie, 10, 13, 8, work.resolve("cli-jump"));
        for (int t = 11; t <= 14; t++) {
            compare("jump", work.resolve("jump"), t, 3, jump.alpha().get(t - 1), TOLERANCE_16, false);
        }
    }

    /**
     * Parameters changed between two renders of the same node: Invert (an output choice) keeps the state, so frames
     * 7-10 after 1-6 are 1 - the continuous matte with no pre-roll; the input colour space (a network setting)
     * starts a new state, pre-rolled from the frames before.
     */
    @Test
    void aParameterChangeMidClip() throws Exception {
        Map<String, String> s = new HashMap<>(RAW_SRGB);
        s.put("FM_THEN_PARAMS", "invert=1");
        s.put("FM_THEN_FIRST", "7");
        s.put("FM_THEN_LAST", "10");
        RealHosts.Run r = render("invert", 1, 6, s, "");
        assertEquals(10, r.nodeRuns().size(), "no pre-roll after an output change: " + r.nodeRuns().size());
        for (int t = 7; t <= 10; t++) {
            float[] inverted = reference.alpha().get(t - 1).clone();
            for (int i = 0; i < inverted.length; i++) {
                inverted[i] = 1f - inverted[i];
            }
            compare("inverted", work.resolve("invert"), t, 3, inverted, TOLERANCE_16, false);
        }
        s.put("FM_THEN_PARAMS", "colorSpace=2");
        RealHosts.Run c = render("colour-change", 1, 6, s, "");
        assertEquals(10 + 6, c.nodeRuns().size(), "a new state pre-rolled from frame 1 after the change: "
                + c.nodeRuns().size());
    }

    /** The shipped Natron sample script, run by NatronRenderer from the repository root as its header says. */
    @Test
    void theSampleScriptRendersTheMatte() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path script = root.resolve("sample-projects/natron/facemat_ofx_sample.py");
        Map<String, String> env = RealHosts.pluginEnv(work, "");
        env.put("FACEMAT_SAMPLE_FRAMES", "1-6");
        env.put("FACEMAT_SAMPLE_OUT", work.resolve("sample/s.####.png").toString());
        Files.createDirectories(work.resolve("sample"));
        RealHosts.Run r = RealHosts.run(List.of(RealHosts.natron().toString(), "-t", script.toString()), env, root,
                false);
        assertEquals(0, r.exit(), r.output());
        assertFalse(r.output().contains("Traceback"), r.output());
        for (int t = 1; t <= 6; t++) {
            RealHosts.Image img = RealHosts.readPng(work.resolve(String.format("sample/s.%04d.png", t)));
            double d = RealHosts.maxDiff(img, 3, reference.alpha().get(t - 1));
            System.out.printf("NatronRenderer sample script frame %d vs the command line: max diff %.6f%n", t, d);
            assertTrue(d <= TOLERANCE_LINEAR, "sample frame " + t + " differs by " + d);
        }
    }

    // ---- failures: a message through the host's message suite, a failed render, the host keeps running ----

    @Test
    void anExceptionInTheNodeFailsTheFrameWithAMessage() throws Exception {
        RealHosts.Run r = render("fault", 1, 6, RAW_SRGB, "-Dfacemat.ofx.faultFrame=3");
        // the message reaches Natron's message suite: Natron prints it with the node's name
        assertTrue(r.output().contains("FaceMat1: the network failed on frame 3: fault injected"), r.output());
        assertTrue(r.output().contains("Rendering Failed"), r.output());
        assertFalse(Files.exists(work.resolve("fault/m.0003.png")), "a failed frame must not be written");
        for (int t = 1; t <= 2; t++) {
            compare("before the fault", work.resolve("fault"), t, 3, reference.alpha().get(t - 1), TOLERANCE_16,
                    false);
        }
    }

    @Test
    void aBrokenModelFailsWithAMessage() throws Exception {
        Path bad = work.resolve("broken.onnx");
        Files.writeString(bad, "not an ONNX model");
        RealHosts.Run r = render("broken", 1, 2, Map.of("FM_READ_SPACE", "raw", "FM_PARAMS",
                "colorSpace=1,modelFile=" + bad), "");
        assertTrue(r.output().contains("FaceMat1: " + bad), r.output());
        assertFalse(Files.exists(work.resolve("broken/m.0001.png")));
    }

    @Test
    void anExhaustedJavaHeapFailsWithAMessage() throws Exception {
        RealHosts.Run r = render("heap", 1, 2, RAW_SRGB, "-Xmx12m");
        assertTrue(r.output().contains("FaceMat1: out of Java memory"), r.output());
        assertFalse(Files.exists(work.resolve("heap/m.0001.png")));
    }

    @Test
    void aFrameSizeChangeMidClipFailsThatFrameWithAMessage() throws Exception {
        // frames 1-3 at 400x300, 4-6 at 200x150 (image sequence), made from the host's frames with ffmpeg
        Path seq = work.resolve("sizes");
        Files.createDirectories(seq);
        for (int t = 1; t <= 6; t++) {
            List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-loglevel", "error", "-y", "-i",
                    work.resolve(String.format("host/m.%04d.png", t)).toString()));
            if (t > 3) {
                cmd.addAll(List.of("-vf", "scale=200:150"));
            }
            cmd.add(seq.resolve(String.format("s.%04d.png", t)).toString());
            assertEquals(0, RealHosts.run(cmd, Map.of(), null, true).exit());
        }
        // an image sequence has no frame rate in Natron: the movie's, as the reference was made with
        RealHosts.Run r = RealHosts.natron(seq.resolve("s.####.png"), 1, 6, Map.of("FM_READ_SPACE", "raw",
                "FM_PARAMS", "colorSpace=1,frameRate=25"), work.resolve("size"),
                RealHosts.pluginEnv(work, ""));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("FaceMat1: the source's size changed from 400x300 to 200x150 at frame 4"),
                r.output());
        assertFalse(Files.exists(work.resolve("size/m.0004.png")), "the frame after the change fails");
        compare("before the size change", work.resolve("size"), 3, 3, reference.alpha().get(2), TOLERANCE_16, false);
    }

    @Test
    void noJavaRuntimeFailsWithAMessage() throws Exception {
        Path plugins = OfxTestHost.bundleWithoutRuntime(work.resolve("nojre-plugins"));
        Map<String, String> env = RealHosts.pluginEnv(work, "");
        env.put("OFX_PLUGIN_PATH", plugins.toString());
        env.put("JAVA_HOME", null);
        env.putAll(RAW_SRGB);
        RealHosts.Run r = RealHosts.natron(clip, 1, 2, Map.of(), work.resolve("nojava"), env);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("no Java runtime: JAVA_HOME is not set"), r.output());
        assertFalse(Files.exists(work.resolve("nojava/m.0001.png")));
    }
}
