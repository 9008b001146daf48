package org.facemat.train.data;

import static org.facemat.train.data.CelebAMaskHqTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OccluderSetsTest {

    static void write(BufferedImage im, Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(im, format, file.toFile()));
    }

    static BufferedImage colour(int w, int h, int rgb) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                im.setRGB(x, y, rgb + x);
            }
        }
        return im;
    }

    /** An 8-bit grey ramp: value = x * 8 (x < 32). */
    static BufferedImage ramp(int w, int h) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                im.getRaster().setSample(x, y, 0, Math.min(255, x * 8));
            }
        }
        return im;
    }

    @Test
    void alphaOccludersPairImageAndAlphaByStem(@TempDir Path tmp) throws IOException {
        Path am = tmp.resolve("am2k");
        write(colour(32, 20, 0x204060), am.resolve("original/b.png"), "png");
        write(colour(32, 20, 0x102030), am.resolve("original/a.jpg"), "jpg");
        write(ramp(32, 20), am.resolve("mask/a.png"), "png");
        BufferedImage deep = new BufferedImage(32, 20, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(3, 4, 0, 65535);
        deep.getRaster().setSample(5, 4, 0, 32768);
        write(deep, am.resolve("mask/b.png"), "png");
        write(ramp(32, 20), am.resolve("mask/unused.png"), "png"); // an alpha without an image is ignored

        AlphaOccluderSet set = AlphaOccluderSet.open(am);
        assertEquals(2, set.size());
        assertEquals("original/a.jpg", set.imageFile(0));
        Occluder a = set.load(0);
        assertEquals("am2k/original/a.jpg", a.name());
        assertEquals(32, a.width());
        for (int x = 0; x < 32; x++) {
            assertEquals(Math.min(255, x * 8) / 255f, a.alpha()[7 * 32 + x], 0f, "alpha at x " + x);
        }
        assertFalse(a.tintable());
        assertTrue(a.semiTransparent(), "a ramp is all partial alpha");
        Occluder b = set.load(1);
        assertEquals(1f, b.alpha()[4 * 32 + 3]);
        assertEquals(32768 / 65535f, b.alpha()[4 * 32 + 5], 0f, "16-bit alpha keeps its precision");
        assertEquals(0f, b.alpha()[0]);
        int n = 32 * 20;
        assertEquals(0x20 / 255f, b.rgb()[0], 0f);
        assertEquals(0x40 / 255f, b.rgb()[n], 0f);
        assertEquals((0x60 + 5) / 255f, b.rgb()[2 * n + 5], 0f);
    }

    @Test
    void aForegroundFolderIsPreferredToTheOriginalPhoto(@TempDir Path tmp) throws IOException {
        write(colour(8, 8, 0x000000), tmp.resolve("s/original/x.png"), "png");
        write(colour(8, 8, 0xff0000), tmp.resolve("s/fg/x.png"), "png");
        write(ramp(8, 8), tmp.resolve("s/alpha/x.png"), "png");
        assertEquals(1f, AlphaOccluderSet.open(tmp.resolve("s")).load(0).rgb()[0]);
    }

    @Test
    void malformedAlphaSetsNameTheFile(@TempDir Path tmp) throws IOException {
        write(colour(8, 8, 0), tmp.resolve("a/original/x.png"), "png");
        assertOneLine(assertThrows(IOException.class, () -> AlphaOccluderSet.open(tmp.resolve("a"))),
                "no alpha folder", "mask");
        write(ramp(8, 8), tmp.resolve("b/alpha/y.png"), "png");
        write(colour(8, 8, 0), tmp.resolve("b/fg/x.png"), "png");
        assertOneLine(assertThrows(IOException.class, () -> AlphaOccluderSet.open(tmp.resolve("b"))),
                "no mask for fg/x.png", "alpha/x.png");
        write(ramp(9, 8), tmp.resolve("c/alpha/x.png"), "png");
        write(colour(8, 8, 0), tmp.resolve("c/fg/x.png"), "png");
        AlphaOccluderSet c = AlphaOccluderSet.open(tmp.resolve("c"));
        assertOneLine(assertThrows(IOException.class, () -> c.load(0)), "alpha/x.png is 9x8", "fg/x.png is 8x8");
    }

    @Test
    void handMasksAreBinarisedAndTheirEdgeBlurred(@TempDir Path tmp) throws IOException {
        Path hiu = tmp.resolve("hiu");
        write(colour(64, 40, 0x806040), hiu.resolve("images/h1.jpg"), "jpg");
        // a 0/1 mask (as some sets store it): the hand is x >= 30
        BufferedImage m = new BufferedImage(64, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 40; y++) {
            for (int x = 30; x < 64; x++) {
                m.getRaster().setSample(x, y, 0, 1);
            }
        }
        write(m, hiu.resolve("masks/h1_mask.png"), "png");
        HandMaskSet set = HandMaskSet.open(hiu);
        assertEquals(1, set.size());
        assertEquals(1.0, HandMaskSet.blurSigma(64, 40));
        assertEquals(5.0, HandMaskSet.blurSigma(1000, 600));
        float[] a = set.load(0).alpha();
        int row = 20 * 64;
        assertEquals(0f, a[row + 10], 1e-6f, "far outside");
        assertEquals(1f, a[row + 50], 1e-6f, "far inside");
        assertEquals(1f, a[row + 29] + a[row + 30], 1e-5f, "symmetric around the edge");
        assertTrue(a[row + 29] > 0.2f && a[row + 29] < 0.5f, "soft just outside: " + a[row + 29]);
        for (int x = 1; x < 64; x++) {
            assertTrue(a[row + x] >= a[row + x - 1], "monotone across the edge");
        }

        write(new BufferedImage(64, 40, BufferedImage.TYPE_BYTE_GRAY), tmp.resolve("e/mask/h.png"), "png");
        write(colour(64, 40, 0), tmp.resolve("e/image/h.png"), "png");
        HandMaskSet empty = HandMaskSet.open(tmp.resolve("e"));
        assertOneLine(assertThrows(IOException.class, () -> empty.load(0)), "mask/h.png is empty");
    }

    @Test
    void dtdTexturesAreListedByCategory(@TempDir Path tmp) throws IOException {
        Path dtd = tmp.resolve("dtd");
        write(colour(40, 30, 0x111111), dtd.resolve("images/dotted/dotted_0002.jpg"), "jpg");
        write(colour(40, 30, 0x111111), dtd.resolve("images/dotted/dotted_0001.jpg"), "jpg");
        write(colour(50, 20, 0x222222), dtd.resolve("images/banded/banded_0001.jpg"), "jpg");
        Files.writeString(dtd.resolve("images/dotted/readme.txt"), "not an image");
        TextureFolder t = TextureFolder.open(dtd);
        assertEquals(3, t.size());
        assertEquals("images/banded/banded_0001.jpg", t.files().get(0));
        assertEquals("dotted", t.category(2));
        Textures.Texture tex = t.load(0);
        assertEquals(50, tex.width());
        assertEquals(3 * 50 * 20, tex.rgb().length);
        assertEquals("dtd/images/banded/banded_0001.jpg", tex.name());

        Files.createDirectories(tmp.resolve("x/images/empty"));
        assertOneLine(assertThrows(IOException.class, () -> TextureFolder.open(tmp.resolve("x"))),
                "images/empty/ holds no");
        Files.createDirectories(tmp.resolve("y"));
        assertOneLine(assertThrows(IOException.class, () -> TextureFolder.open(tmp.resolve("y"))), "images/ folder");
    }

    @Test
    void joinedSetsKeepEachSetsIndices(@TempDir Path tmp) throws IOException {
        for (String s : new String[] {"p", "q"}) {
            for (int i = 0; i < (s.equals("p") ? 2 : 3); i++) {
                write(colour(8, 8, 0), tmp.resolve(s + "/fg/" + s + i + ".png"), "png");
                write(ramp(8, 8), tmp.resolve(s + "/alpha/" + s + i + ".png"), "png");
            }
        }
        AlphaOccluderSet p = AlphaOccluderSet.open(tmp.resolve("p"));
        AlphaOccluderSet q = AlphaOccluderSet.open(tmp.resolve("q"));
        assertTrue(OccluderSources.concat(java.util.List.of(p)) == p, "one set is used as is");
        OccluderSource j = OccluderSources.concat(java.util.List.of(p, q));
        assertEquals(5, j.size());
        assertEquals("p+q", j.name());
        assertEquals("p/fg/p1.png", j.load(1).name());
        assertEquals("q/fg/q0.png", j.load(2).name());
        assertEquals("q/fg/q2.png", j.load(4).name());
        assertThrows(IndexOutOfBoundsException.class, () -> j.load(5));
    }
}
