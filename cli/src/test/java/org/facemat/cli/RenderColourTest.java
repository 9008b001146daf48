package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.facemat.media.ColorSpace;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.exr.ExrChannel;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrOptions;
import org.facemat.media.exr.ExrReader;
import org.facemat.media.exr.ExrWriter;
import org.facemat.media.exr.PixelType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --colorspace} and {@code --alpha}: scene-linear and ACEScg EXR plates made from frames 10-12 of the sample
 * clip, rendered with the plate, read back by this project's reader and by exrheader.
 */
class RenderColourTest {
    static final int W = 400;
    static final int H = 300;
    static final int AREA = W * H;
    /** The linear plate is the sample two and a half times brighter: many values above 1. */
    static final float EXPOSURE = 2.5f;

    @TempDir
    static Path dir;
    static Path floatPlatePreset;
    static Path floatPreset;
    /** The sample's frames 10-12 as the network sees them (sRGB-encoded). */
    static final List<float[]> srgb = new ArrayList<>();
    static final List<float[]> linear = new ArrayList<>();
    static final List<float[]> acescg = new ArrayList<>();

    @BeforeAll
    static void makePlates() throws Exception {
        floatPlatePreset = dir.resolve("float-plate.json");
        Files.writeString(floatPlatePreset, """
                {"name": "float-plate", "description": "test: float EXR with the plate",
                 "passes": [{"type": "exr", "path": "{out}.####.exr", "pixels": "float", "plate": true}]}
                """);
        floatPreset = dir.resolve("float.json");
        Files.writeString(floatPreset, """
                {"name": "float", "description": "test: float EXR",
                 "passes": [{"type": "exr", "path": "{out}.####.exr", "pixels": "float"}]}
                """);
        double[] toAp1 = invert(ColorSpace.ACESCG.toRec709());
        try (FrameSource src = FrameSource.open(Harness.sample()); ExrWriter w = new ExrWriter()) {
            Frame f = src.read(10);
            for (int n = 10; n <= 12; n++) {
                assertEquals(n, f.number());
                float[] s = ColorSpace.AUTO.toNetwork(f);
                float[] lin = new float[3 * AREA];
                float[] ap1 = new float[3 * AREA];
                for (int i = 0; i < AREA; i++) {
                    double r = ColorSpace.SRGB.decode(s[i]);
                    double g = ColorSpace.SRGB.decode(s[AREA + i]);
                    double b = ColorSpace.SRGB.decode(s[2 * AREA + i]);
                    lin[i] = (float) r * EXPOSURE;
                    lin[AREA + i] = (float) g * EXPOSURE;
                    lin[2 * AREA + i] = (float) b * EXPOSURE;
                    ap1[i] = (float) (toAp1[0] * r + toAp1[1] * g + toAp1[2] * b);
                    ap1[AREA + i] = (float) (toAp1[3] * r + toAp1[4] * g + toAp1[5] * b);
                    ap1[2 * AREA + i] = (float) (toAp1[6] * r + toAp1[7] * g + toAp1[8] * b);
                }
                srgb.add(s);
                linear.add(lin);
                acescg.add(ap1);
                w.write(rgb(lin), ExrOptions.defaults(), dir.resolve("lin/plate." + String.format("%04d", n) + ".exr"));
                w.write(rgb(ap1), ExrOptions.defaults(), dir.resolve("aces/plate." + String.format("%04d", n) + ".exr"));
                w.write(rgb(s), ExrOptions.defaults(), dir.resolve("srgb/plate." + String.format("%04d", n) + ".exr"));
                f = src.next();
            }
        }
    }

    private static ExrImage rgb(float[] planar) {
        return new ExrImage(W, H, new ExrChannel("R", PixelType.FLOAT, java.util.Arrays.copyOfRange(planar, 0, AREA)),
                new ExrChannel("G", PixelType.FLOAT, java.util.Arrays.copyOfRange(planar, AREA, 2 * AREA)),
                new ExrChannel("B", PixelType.FLOAT, java.util.Arrays.copyOfRange(planar, 2 * AREA, 3 * AREA)));
    }

    /** A linear plate with values above 1: R, G, B come back unclamped, times A by default, exactly. */
    @Test
    void linearPlateIsWrittenBackUnclampedAndPremultiplied() throws Exception {
        Path pre = dir.resolve("out-lin/pre");
        Path straight = dir.resolve("out-lin/straight");
        String in = dir.resolve("lin/plate.####.exr").toString();
        Harness.render(in, "--out", pre.toString(), "--preset", floatPlatePreset.toString(), "--log", "quiet");
        Harness.render(in, "--out", straight.toString(), "--preset", floatPlatePreset.toString(), "--alpha",
                "straight", "--log", "quiet");
        String[] names = {"R", "G", "B"};
        for (int n = 10; n <= 12; n++) {
            ExrFile p = ExrReader.read(Path.of(pre + String.format(".%04d.exr", n)));
            ExrFile s = ExrReader.read(Path.of(straight + String.format(".%04d.exr", n)));
            float[] a = p.image().channel("A").values();
            Harness.assertMatteHasContent(a);
            float[] source = linear.get(n - 10);
            int aboveOne = 0;
            int aboveOneUnderMatte = 0;
            for (int c = 0; c < 3; c++) {
                float[] pv = p.image().channel(names[c]).values();
                float[] sv = s.image().channel(names[c]).values();
                for (int i = 0; i < AREA; i++) {
                    float v = source[c * AREA + i];
                    assertEquals(v, sv[i], 0f, "straight: the source's value, frame " + n + " " + names[c] + " " + i);
                    assertEquals(v * a[i], pv[i], 0f, "premultiplied: source x A, frame " + n + " " + names[c]
                            + " " + i);
                    aboveOne += sv[i] > 1f ? 1 : 0;
                    aboveOneUnderMatte += pv[i] > 1f ? 1 : 0;
                }
            }
            assertTrue(aboveOne > 1000, "values above 1 kept: " + aboveOne);
            assertTrue(aboveOneUnderMatte > 0, "premultiplied values above 1 where the matte is on: "
                    + aboveOneUnderMatte);
            assertEquals("linear", p.header().string("facemat/colorspace").orElseThrow());
            assertEquals(org.facemat.media.exr.Chromaticities.REC709, p.header().chromaticities().orElseThrow());
        }
        Harness.requireTools("exrheader");
        String h = Harness.execText("exrheader", pre + ".0011.exr");
        assertChromaticities(h, "0.64 0.33", "0.3 0.6", "0.15 0.06", "0.3127 0.329");
        assertTrue(h.contains("premultiplied"), h);
        String hs = Harness.execText("exrheader", straight + ".0011.exr");
        assertTrue(hs.contains("straight"), hs);
    }

    /**
     * An ACEScg plate with {@code --colorspace acescg}: the network sees the picture the sample is (its sRGB
     * encoding), so the matte matches a render of that sRGB picture ({@code --colorspace srgb}); the plate comes back
     * in ACEScg with AP1 chromaticities.
     */
    @Test
    void acescgPlateFeedsTheNetworkTheSrgbPicture() throws Exception {
        // the network's input, from the one conversion the node uses
        try (FrameSource src = FrameSource.open(dir.resolve("aces/plate.####.exr"))) {
            Frame f = src.read(10);
            for (int n = 10; n <= 12; n++) {
                float[] net = new float[3 * AREA];
                ColorSpace.ACESCG.toNetwork(f.rgb(), net, AREA);
                double worst = 0;
                for (int i = 0; i < 3 * AREA; i++) {
                    worst = Math.max(worst, Math.abs(net[i] - srgb.get(n - 10)[i]));
                }
                System.out.println("ACEScg plate frame " + n + ": network input vs the sRGB picture, largest "
                        + "difference " + worst);
                assertTrue(worst < 2e-5, "frame " + n + ": " + worst);
                f = src.next();
            }
        }
        Path aces = dir.resolve("out-aces/m");
        Path ref = dir.resolve("out-ref/m");
        Harness.Result r = Harness.render(dir.resolve("aces/plate.####.exr").toString(), "--out", aces.toString(),
                "--preset", floatPlatePreset.toString(), "--colorspace", "acescg", "--log", "json");
        JsonObject start = Harness.events(r.out(), "start").get(0);
        assertEquals("acescg (scene-linear ACES AP1, ACES white)", start.get("colorspace").getAsString());
        // the same picture sRGB-encoded, in the same kind of sequence (same numbers and frame rate)
        Harness.render(dir.resolve("srgb/plate.####.exr").toString(), "--colorspace", "srgb", "--out",
                ref.toString(), "--preset", floatPreset.toString(), "--log", "quiet");
        for (int n = 10; n <= 12; n++) {
            ExrFile a = ExrReader.read(Path.of(aces + String.format(".%04d.exr", n)));
            ExrFile b = ExrReader.read(Path.of(ref + String.format(".%04d.exr", n)));
            float[] am = a.image().channel("A").values();
            float[] bm = b.image().channel("A").values();
            Harness.assertMatteHasContent(bm);
            double worst = 0;
            for (int i = 0; i < AREA; i++) {
                worst = Math.max(worst, Math.abs(am[i] - bm[i]));
            }
            System.out.println("ACEScg plate frame " + n + ": matte vs the sRGB picture's render, largest difference "
                    + worst);
            assertTrue(worst < 1e-3, "frame " + n + ": matte differs by " + worst);
            // the plate: ACEScg values times A
            float[] source = acescg.get(n - 10);
            float[] red = a.image().channel("R").values();
            for (int i = 0; i < AREA; i++) {
                assertEquals(source[i] * am[i], red[i], 0f, "frame " + n + " R " + i);
            }
        }
        Harness.requireTools("exrheader");
        String h = Harness.execText("exrheader", aces + ".0010.exr");
        assertChromaticities(h, "0.713 0.293", "0.165 0.83", "0.128 0.044", "0.32168 0.33767");
        assertTrue(h.contains("acescg"), h);
    }

    @Test
    void badColorspaceOrAlphaIsAUsageError() {
        String out = dir.resolve("bad/x.####.exr").toString();
        Harness.assertFailure(Harness.facemat("render", Harness.sample().toString(), "--out", out, "--colorspace",
                "rec2020"), ExitCode.USAGE, "bad --colorspace 'rec2020' (auto, srgb, linear, acescg, logc3 or slog3)");
        Harness.assertFailure(Harness.facemat("render", Harness.sample().toString(), "--out", out, "--alpha",
                "associated"), ExitCode.USAGE, "bad --alpha 'associated' (premultiplied or straight)");
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "slurm",
                "--out", dir.resolve("bad/m").toString(), "--job-dir", dir.resolve("bad/jobs").toString(),
                "--colorspace", "log"), ExitCode.USAGE, "bad --colorspace 'log'");
    }

    @Test
    void dryRunSaysTheColourSpaceAndAlpha() {
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out",
                dir.resolve("dry/x").toString(), "--preset", floatPlatePreset.toString(), "--colorspace", "logc3",
                "--dry-run");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("colour:   logc3 (ARRI LogC3 EI 800, ARRI Wide Gamut 3); the network sees "
                + "sRGB-encoded Rec.709"), r.out());
        assertTrue(r.out().contains("RGB = plate (premultiplied, scene-linear): " + dir.resolve("dry/x") + ".####.exr"),
                r.out());
        Harness.Result auto = Harness.facemat("render", Harness.sample().toString(), "--out",
                dir.resolve("dry/y.mov").toString(), "--dry-run");
        assertTrue(auto.out().contains("colour:   auto: srgb (sRGB-encoded Rec.709)"), auto.out());
        assertTrue(auto.out().contains("RGB = plate (straight, display-encoded): "), auto.out());
    }

    /** The farm's render and movie commands carry the colour options. */
    @Test
    void farmJobsPassTheColourOptionsOn() throws Exception {
        Path jobs = dir.resolve("farm/jobs");
        Harness.Result r = Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "slurm",
                "--chunk", "50", "--out", dir.resolve("farm/m").toString(), "--job-dir", jobs.toString(), "--name",
                "sh", "--colorspace", "slog3", "--alpha", "straight");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        String render = Files.readString(jobs.resolve("sh.render.sbatch"));
        assertTrue(render.contains(" render ") && render.contains("--colorspace slog3 --alpha straight"), render);
        StringBuilder all = new StringBuilder();
        for (Path p : Harness.files(jobs)) {
            all.append(Files.readString(p));
        }
        assertTrue(Pattern.compile("farm assemble .*--colorspace slog3 --alpha straight").matcher(all).find(),
                all.toString());
    }

    static void assertChromaticities(String exrheader, String red, String green, String blue, String white) {
        String re = "chromaticities \\(type chromaticities\\):\\s+red\\s+\\(" + Pattern.quote(red)
                + "\\)\\s+green\\s+\\(" + Pattern.quote(green) + "\\)\\s+blue\\s+\\(" + Pattern.quote(blue)
                + "\\)\\s+white\\s+\\(" + Pattern.quote(white) + "\\)";
        assertTrue(Pattern.compile(re).matcher(exrheader).find(), exrheader);
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[] {
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
    }
}
