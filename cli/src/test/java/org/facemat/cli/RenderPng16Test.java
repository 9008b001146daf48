package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --preset png16}: 16-bit grey PNGs of the matte and of the uncertainty, against the EXR of the same frames. */
class RenderPng16Test {
    @TempDir
    static Path dir;
    static Path clip;
    static Path png;
    static Path exr;

    @BeforeAll
    static void render() {
        Harness.requireTools("ffmpeg");
        clip = Harness.clip(dir, "small.mkv", 128, 96, 3);
        png = dir.resolve("png");
        exr = dir.resolve("exr");
        Harness.render(clip.toString(), "--out", png.resolve("x").toString(), "--preset", "png16", "--log", "quiet");
        Harness.render(clip.toString(), "--out", exr.resolve("x").toString(), "--preset", "nuke-exr", "--log", "quiet");
    }

    @Test
    void twoSequencesNamedWithTheFrameNumbers() throws Exception {
        List<String> expected = new ArrayList<>();
        for (String pass : new String[] {"matte", "uncertainty"}) {
            for (int n = 0; n < 3; n++) {
                expected.add("x." + pass + ".000" + n + ".png");
            }
        }
        expected.add("x.review.json");
        java.util.Collections.sort(expected);
        assertEquals(expected, Harness.names(png));
    }

    @Test
    void ffprobeSeesSixteenBitGrey() {
        Harness.requireTools("ffprobe");
        for (String pass : new String[] {"matte", "uncertainty"}) {
            Map<String, String> p = Harness.probe(png.resolve("x." + pass + ".0001.png"));
            assertEquals("png", p.get("stream.codec_name"));
            assertEquals("gray16be", p.get("stream.pix_fmt"), pass);
            assertEquals("128", p.get("stream.width"));
            assertEquals("96", p.get("stream.height"));
        }
    }

    @Test
    void valuesEqualTheExrWithinSixteenBitAndHalfPrecision() throws Exception {
        for (int n = 0; n < 3; n++) {
            ExrFile e = ExrReader.read(exr.resolve("x.000" + n + ".exr"));
            float[] a = e.image().channel("A").values();
            Harness.assertMatteHasContent(a);
            compare(png.resolve("x.matte.000" + n + ".png"), a);
            compare(png.resolve("x.uncertainty.000" + n + ".png"), e.image().channel("facemat.uncertainty").values());
        }
    }

    private static void compare(Path file, float[] exrValues) throws Exception {
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(16, img.getColorModel().getComponentSize(0), file + ": bits per sample");
        assertEquals(1, img.getColorModel().getNumComponents(), file + ": one grey channel, no alpha");
        assertEquals(128, img.getWidth());
        assertEquals(96, img.getHeight());
        Raster r = img.getRaster();
        double worst = 0;
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 128; x++) {
                float ref = Math.max(0f, Math.min(1f, exrValues[y * 128 + x]));
                double v = r.getSample(x, y, 0) / 65535.0;
                // the PNG rounds the float to 1/65535, the EXR rounds it to half: both within their step of it
                double tol = 0.5 / 65535 + 0x1p-11 * Math.max(ref, 1e-3) + 1e-7;
                double d = Math.abs(v - ref);
                assertTrue(d <= tol, file + " pixel " + x + "," + y + ": " + v + " vs EXR " + ref);
                worst = Math.max(worst, d);
            }
        }
        System.out.println(file.getFileName() + ": largest difference from the EXR " + worst * 65535 + "/65535");
    }
}
