package org.facemat.ofx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facemat.face.FaceTracker;
import org.facemat.media.Frame;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrReader;
import org.facemat.model.Device;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ShippedModels;
import org.facemat.node.AlignedMatting;
import org.facemat.node.MatteNode;
import org.facemat.render.FaceOptions;
import org.facemat.render.PassSpec;
import org.facemat.render.RenderListener;
import org.facemat.render.RenderSettings;
import org.facemat.render.Renderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenFX plug-in in the project's test host: the real bundle loaded with dlopen, the real call sequence, a Java
 * runtime started inside the host and the shipped model run through {@link MatteNode}. Its mattes must equal the
 * command line's render of the same frames (the {@link Renderer} behind {@code facemat render}, float EXR) within
 * 1e-4, in order, after a jump with pre-roll and out of order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfxPluginTest {
    static final double TOLERANCE = 1e-4;
    static final int FRAMES = 24;
    static final int PREROLL = 8; // the plug-in's default

    Path tmp;
    OfxTestHost.Report report;
    Path out;
    List<Frame> frames;
    int width;
    int height;
    /** The command line's render, frames 0-7 from the start and 20-23 with --preroll 8: A and uncertainty. */
    final Map<Integer, float[]> cliAlpha = new HashMap<>();
    final Map<Integer, float[]> cliSigma = new HashMap<>();
    final Map<Integer, float[]> cliJumpAlpha = new HashMap<>();

    @BeforeAll
    void runHost(@TempDir Path dir) throws Exception {
        tmp = dir;
        OfxTestHost.requireBuilt();
        frames = OfxTestHost.sampleFrames(FRAMES);
        width = frames.get(0).width();
        height = frames.get(0).height();
        Path framesDir = tmp.resolve("frames");
        OfxTestHost.writeFrames(frames, framesDir);
        out = tmp.resolve("out");
        report = OfxTestHost.run("main", framesDir, width, height, FRAMES, out, Map.of());
        System.out.println("OpenFX test host: exit " + report.exitCode() + ", " + report.lines().size() + " lines");
        cliRender(0, 7, 0, cliAlpha, cliSigma);
        cliRender(20, 23, PREROLL, cliJumpAlpha, new HashMap<>());
    }

    private void cliRender(int first, int last, int preroll, Map<Integer, float[]> alpha, Map<Integer, float[]> sigma)
            throws Exception {
        Path dir = tmp.resolve("cli-" + first + "-" + last);
        Files.createDirectories(dir);
        String pattern = dir.resolve("ref.####.exr").toString();
        PassSpec exr = new PassSpec(PassSpec.Kind.EXR, pattern, PassSpec.Content.BOTH, true, false, false);
        // the plug-in's default is the face path, as the command line's
        RenderSettings s = new RenderSettings(OfxTestHost.SAMPLE_CLIP, (long) first, (long) last, preroll, null,
                RenderSettings.OnError.STOP, false, List.of(exr), List.of(),
                FaceOptions.aligned(shippedModel().getParent()));
        try (FaceMatModel m = FaceMatModel.open(shippedModel(), Device.AUTO, OfxInstance.THREADS, null)) {
            new Renderer(m).render(s, new RenderListener() { });
        }
        for (int n = first; n <= last; n++) {
            ExrImage img = ExrReader.read(dir.resolve(String.format("ref.%04d.exr", n))).image();
            alpha.put(n, img.channel("A").values());
            sigma.put(n, img.channel("facemat.uncertainty").values());
        }
    }

    /** The node as the plug-in builds it by default: the face path, with the bundle's face models, at 25 fps. */
    static MatteNode faceNode(FaceMatModel m) throws Exception {
        return new MatteNode(m, null, AlignedMatting.open(m, shippedModel().getParent(),
                FaceTracker.Settings.DEFAULT), 25);
    }

    /** The model the plug-in uses when its model parameter is empty: the bundle's default. */
    static Path shippedModel() {
        return ShippedModels.defaultIn(OfxTestHost.TARGET.resolve("FaceMat.ofx.bundle/Contents/Resources/models"));
    }

    private OfxTestHost.HostOutput output(String tag, int frame) throws Exception {
        Path f = out.resolve(String.format("%s_%04d.fmimg", tag, frame));
        assertTrue(Files.isRegularFile(f), "the host wrote no " + f.getFileName() + "; report: " + report.lines());
        return OfxTestHost.readOutput(f);
    }

    /** Max |plug-in alpha - expected| over the frame; the plug-in's A is its last channel. */
    private double alphaDiff(OfxTestHost.HostOutput o, float[] expected, int w, int h) {
        assertEquals(w, o.width());
        assertEquals(h, o.height());
        double max = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                max = Math.max(max, Math.abs(o.at(x, y, o.channels() - 1) - expected[y * w + x]));
            }
        }
        return max;
    }

    private void assertMatchesCli(String tag, int frame, float[] expected) throws Exception {
        double d = alphaDiff(output(tag, frame), expected, width, height);
        System.out.printf("OpenFX %s frame %d vs command line: max |alpha diff| %.2e%n", tag, frame, d);
        assertTrue(d <= TOLERANCE, tag + " frame " + frame + ": alpha differs from the command line's by " + d);
    }

    @Test
    void loadAndDescribeAreCheapAndStartNoJava() {
        assertEquals("0", report.value("load"));
        assertEquals("org.facemat.FaceMat|OfxImageEffectPluginAPI|1|0.1", report.value("plugin"));
        assertEquals("OfxImageEffectContextFilter,OfxImageEffectContextGeneral", report.value("describe_contexts"));
        assertEquals("OfxImageEffectRenderInstanceSafe", report.value("describe_thread_safety"));
        assertEquals("2", report.value("describe_sequential"));
        assertEquals("0", report.value("describe_tiles"));
        assertEquals("0", report.value("describe_host_frame_threading"));
        assertEquals("1", report.value("describe_temporal"));
        List<String> contexts = report.values("describe_in_context");
        assertEquals("OfxImageEffectContextFilter|0|Source,Output|"
                + "outputMode,invert,autoRatio,downsampleRatio,device,modelFile,preroll,trackFaces,colorSpace,frameRate",
                contexts.get(0));
        assertTrue(contexts.get(1).startsWith("OfxImageEffectContextGeneral|0|Source,Output,Mask|"), contexts.get(1));
        assertEquals("3", report.value("output_mode_options"), "the host takes Alpha: three output choices");
        assertEquals("0", report.value("jvm_after_describe"), "no Java runtime before an instance exists");
        assertEquals("1", report.value("jvm_after_create"));
        assertEquals("0", report.value("unload"));
        assertEquals("1", report.value("done"), "the host ran to its end: " + report.lines());
        assertEquals(0, report.exitCode());
    }

    @Test
    void framesInOrderEqualTheCommandLine() throws Exception {
        assertEquals("inorder|0|OfxImageComponentRGBA|OfxImageAlphaUnPremultiplied",
                report.values("clip_preferences").get(0));
        for (int n = 0; n <= 5; n++) {
            assertMatchesCli("inorder", n, cliAlpha.get(n));
        }
        // RGB is the source, untouched
        OfxTestHost.HostOutput o = output("inorder", 3);
        float[] rgb = frames.get(3).rgb();
        int area = width * height;
        for (int i = 0; i < area; i += 97) {
            for (int c = 0; c < 3; c++) {
                assertEquals(rgb[c * area + i], o.values()[i * 4 + c], 0f);
            }
        }
    }

    @Test
    void negativeRowBytesAndBoundsAwayFromZeroCarryTheState() throws Exception {
        assertMatchesCli("negrow", 6, cliAlpha.get(6));
        assertMatchesCli("offset", 7, cliAlpha.get(7));
    }

    @Test
    void aJumpRebuildsTheStateByPreRoll() throws Exception {
        assertEquals(String.valueOf(PREROLL + 4), report.value("jump_source_fetches"),
                "8 pre-roll frames fetched through temporal access, then the 4 rendered ones");
        for (int n = 20; n <= 23; n++) {
            assertMatchesCli("jump", n, cliJumpAlpha.get(n));
        }
        // the comparison can tell: without the pre-roll (state from zeros at 20) frame 20 is another matte
        try (FaceMatModel m = FaceMatModel.open(shippedModel(), Device.AUTO, OfxInstance.THREADS, null)) {
            float[] cold = OfxPluginTest.faceNode(m).process(frames.get(20).rgb(), height, width, 20).alpha();
            double d = alphaDiff(output("jump", 20), cold, width, height);
            System.out.printf("OpenFX jump frame 20 vs a cold start: max |alpha diff| %.2e%n", d);
            assertTrue(d > 100 * TOLERANCE, "a cold start gives nearly the same matte; the test cannot tell");
        }
    }

    @Test
    void outOfOrderBackwardsEqualsTheContinuousRender() throws Exception {
        // frame 5 after 23: the pre-roll runs frames 0-4 (the clip's start), as the continuous render had them
        assertMatchesCli("back", 5, cliAlpha.get(5));
    }

    @Test
    void twoInstancesRenderInParallel() throws Exception {
        assertEquals("0|0", report.value("parallel"));
        for (int n = 0; n <= 3; n++) {
            assertMatchesCli("parB", n, cliAlpha.get(n));
            assertMatchesCli("parC", n, cliAlpha.get(n));
        }
    }

    @Test
    void alphaOnlyOutput() throws Exception {
        assertTrue(report.values("clip_preferences").contains(
                "alpha|0|OfxImageComponentAlpha|OfxImageAlphaPremultiplied"), report.values("clip_preferences").toString());
        for (int n = 0; n <= 2; n++) {
            assertEquals(1, output("alpha", n).channels());
            assertMatchesCli("alpha", n, cliAlpha.get(n));
        }
    }

    /** Half render scale: the network runs on the half-size frame the host gives (a 2x2 average here). */
    @Test
    void renderScaleHalfRunsOnTheScaledFrame() throws Exception {
        int w = width / 2;
        int h = height / 2;
        try (FaceMatModel m = FaceMatModel.open(shippedModel(), Device.AUTO, OfxInstance.THREADS, null)) {
            MatteNode node = OfxPluginTest.faceNode(m);
            for (int n = 0; n <= 2; n++) {
                float[] half = halfSize(frames.get(n));
                MattePlanes expected = node.process(half, h, w, n);
                double d = alphaDiff(output("half", n), expected.alpha(), w, h);
                System.out.printf("OpenFX render scale 0.5 frame %d vs the node: max |alpha diff| %.2e%n", n, d);
                assertTrue(d <= TOLERANCE, "half-scale frame " + n + " differs by " + d);
            }
        }
    }

    /** The test host's 2x2 box average, in the same float order, clamped as the plug-in reads it. */
    private static float[] halfSize(Frame f) {
        int w = f.width() / 2;
        int h = f.height() / 2;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            sum += f.get(c, 2 * x + dx, 2 * y + dy);
                        }
                    }
                    out[c * w * h + y * w + x] = Math.min(1f, Math.max(0f, sum / 4));
                }
            }
        }
        return out;
    }

    /** Byte images: the uncertainty as grey, against the node on the same 8-bit input. */
    @Test
    void uncertaintyAsGreyInByteDepth() throws Exception {
        assertTrue(report.values("clip_preferences").contains("sigma8|0|OfxImageComponentRGBA|OfxImageOpaque"));
        try (FaceMatModel m = FaceMatModel.open(shippedModel(), Device.AUTO, OfxInstance.THREADS, null)) {
            MatteNode node = OfxPluginTest.faceNode(m);
            for (int n = 0; n <= 1; n++) {
                float[] rgb = frames.get(n).rgb().clone();
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] = (Math.round(Math.min(1f, Math.max(0f, rgb[i])) * 255f) & 0xFF) / 255f;
                }
                float[] sigma = node.process(rgb, height, width, n).uncertainty();
                OfxTestHost.HostOutput o = output("sigma8", n);
                double max = 0;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float expected = Math.round(Math.min(1f, sigma[y * width + x]) * 255f) / 255f;
                        max = Math.max(max, Math.abs(o.at(x, y, 0) - expected));
                        assertEquals(1f, o.at(x, y, 3), 0f);
                    }
                }
                System.out.printf("OpenFX 8-bit uncertainty frame %d vs the node: max diff %.2e%n", n, max);
                // one 8-bit step where the float value sits on a rounding edge
                assertTrue(max <= 1.0 / 255 + TOLERANCE, "8-bit uncertainty frame " + n + " differs by " + max);
            }
        }
    }

    @Test
    void aMissingModelIsAnErrorMessageNotACrash() {
        String render = report.values("render").stream().filter(r -> r.startsWith("nomodel|0|")).findFirst()
                .orElseThrow(() -> new AssertionError("no render of the instance without a model"));
        assertEquals("1", render.split("\\|")[2], "the render returns kOfxStatFailed");
        assertTrue(report.values("message").stream().anyMatch(m -> m.startsWith("OfxMessageError|")
                && m.contains("/nonexistent/facemat-missing.onnx: no such model file")), report.values("message")
                .toString());
        assertEquals("1", report.value("done"), "the host went on after the failure");
    }
}
