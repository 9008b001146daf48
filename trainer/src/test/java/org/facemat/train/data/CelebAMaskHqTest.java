package org.facemat.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny CelebAMask-HQ folder in the published layout, made of rectangles. */
class CelebAMaskHqTest {
    static final int S = 64;

    /** Part rectangles {x0, y0, x1, y1} (exclusive ends) of image 0. */
    static Map<String, int[]> partsOf0() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("skin", new int[] {10, 8, 54, 56});
        m.put("nose", new int[] {28, 26, 36, 40});
        m.put("l_eye", new int[] {18, 20, 26, 24});
        m.put("u_lip", new int[] {24, 42, 40, 45});
        m.put("mouth", new int[] {26, 45, 38, 47});
        m.put("hair", new int[] {0, 0, 64, 16});     // a fringe over the top of the skin
        m.put("r_ear", new int[] {50, 24, 60, 36});  // overlaps the right skin edge
        m.put("cloth", new int[] {0, 52, 64, 64});   // a collar over the chin
        m.put("neck", new int[] {20, 56, 44, 64});
        return m;
    }

    static Map<String, int[]> partsOf1() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("skin", new int[] {12, 10, 52, 58});
        m.put("l_eye", new int[] {18, 22, 26, 26});
        m.put("eye_g", new int[] {14, 18, 50, 30});
        return m;
    }

    static void writeMask(Path file, int w, int h, int[] r) throws IOException {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = r[1]; y < Math.min(h, r[3]); y++) {
            for (int x = r[0]; x < Math.min(w, r[2]); x++) {
                im.getRaster().setSample(x, y, 0, 255);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(im, "png", file.toFile());
    }

    static void writeImage(Path file, int w, int h, String format) throws IOException {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                im.setRGB(x, y, (x * 4 & 255) << 16 | (y * 4 & 255) << 8 | 128);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(im, format, file.toFile());
    }

    static void writeParts(Path root, int id, Map<String, int[]> parts) throws IOException {
        for (Map.Entry<String, int[]> e : parts.entrySet()) {
            writeMask(root.resolve(CelebAMaskHq.MASKS).resolve(Integer.toString(id / 2000))
                    .resolve(CelebAMaskHq.maskName(id, e.getKey())), S, S, e.getValue());
        }
    }

    /** Images 0 (jpg), 1 (png, with glasses) and 2001 (png, mask folder 1). */
    static Path fakeFolder(Path root) throws IOException {
        writeImage(root.resolve(CelebAMaskHq.IMAGES).resolve("0.jpg"), S, S, "jpg");
        writeImage(root.resolve(CelebAMaskHq.IMAGES).resolve("1.png"), S, S, "png");
        writeImage(root.resolve(CelebAMaskHq.IMAGES).resolve("2001.png"), 2 * S, 2 * S, "png");
        writeParts(root, 0, partsOf0());
        writeParts(root, 1, partsOf1());
        writeParts(root, 2001, Map.of("skin", new int[] {16, 16, 48, 48}));
        return root;
    }

    static boolean in(int[] r, int x, int y) {
        return x >= r[0] && x < r[2] && y >= r[1] && y < r[3];
    }

    /** The expected label, computed per pixel from the rectangles. */
    static float expected(Map<String, int[]> parts, int x, int y, boolean subtractGlasses) {
        boolean face = false;
        boolean not = false;
        for (Map.Entry<String, int[]> e : parts.entrySet()) {
            if (!in(e.getValue(), x, y)) {
                continue;
            }
            String p = e.getKey();
            face |= CelebAMaskHq.FACE_PARTS.contains(p);
            not |= CelebAMaskHq.NOT_FACE_PARTS.contains(p) || (subtractGlasses && p.equals("eye_g"));
        }
        return face && !not ? 1f : 0f;
    }

    @Test
    void skinIsTheFacePartsMinusHairEarsNeckAndClothPixelByPixel(@TempDir Path tmp) throws IOException {
        CelebAMaskHq ds = CelebAMaskHq.open(fakeFolder(tmp));
        assertEquals(2, ds.size(), "image 1 has glasses and is left out by default");
        assertEquals(1, ds.excludedCount());
        assertEquals(0, ds.id(0));
        assertEquals(2001, ds.id(1));
        assertFalse(ds.isClip());
        FaceSample f = ds.read(0);
        assertEquals("CelebAMask-HQ/0", f.id());
        assertEquals(S, f.width());
        assertEquals(3 * S * S, f.rgb().length);
        int ones = 0;
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                float want = expected(partsOf0(), x, y, false);
                assertEquals(want, f.skin()[y * S + x], 0f, "pixel " + x + "," + y);
                ones += (int) want;
            }
        }
        assertTrue(ones > 500, "enough skin to make the check meaningful: " + ones);
        assertEquals(0f, f.skin()[12 * S + 30], "the fringe is not skin");
        assertEquals(0f, f.skin()[30 * S + 52], "the ear is not skin");
        assertEquals(0f, f.skin()[54 * S + 30], "the collar is not skin");
        assertEquals(1f, f.skin()[30 * S + 30], "the nose is skin");
        // box = skin rows 16..51 (below the fringe, above the collar); the ear only cuts a notch
        assertEquals(new FaceBox(10, 16, 44, 36), f.box());
        assertEquals(f.box(), ds.box(0));
    }

    @Test
    void masksAreScaledUpToTheImage(@TempDir Path tmp) throws IOException {
        CelebAMaskHq ds = CelebAMaskHq.open(fakeFolder(tmp));
        FaceSample f = ds.read(1); // image 2001: 128x128, masks 64x64
        assertEquals(128, f.width());
        assertEquals(128 * 128, f.skin().length);
        assertEquals(1f, f.skin()[64 * 128 + 64]);
        assertEquals(0f, f.skin()[20 * 128 + 20]);
        // the mask edge at 16 (mask px) lands at 32 (image px), softened by the bilinear step
        assertEquals(0f, f.skin()[64 * 128 + 30]);
        assertEquals(1f, f.skin()[64 * 128 + 33]);
        assertTrue(f.skin()[64 * 128 + 31] > 0f && f.skin()[64 * 128 + 31] < 1f);
        assertEquals(new FaceBox(32, 32, 64, 64), f.box());
    }

    @Test
    void glassesCanBeSubtractedOrKept(@TempDir Path tmp) throws IOException {
        fakeFolder(tmp);
        CelebAMaskHq sub = CelebAMaskHq.open(tmp, CelebAMaskHq.Glasses.SUBTRACT);
        CelebAMaskHq keep = CelebAMaskHq.open(tmp, CelebAMaskHq.Glasses.KEEP);
        assertEquals(3, sub.size());
        assertEquals(1, sub.id(1));
        float[] a = sub.read(1).skin();
        float[] b = keep.read(1).skin();
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                assertEquals(expected(partsOf1(), x, y, true), a[y * S + x], 0f, "subtract " + x + "," + y);
                assertEquals(expected(partsOf1(), x, y, false), b[y * S + x], 0f, "keep " + x + "," + y);
            }
        }
        assertEquals(0f, a[22 * S + 20], "the eye behind the glasses is taken out with SUBTRACT");
        assertEquals(1f, b[22 * S + 20]);
    }

    static void assertOneLine(IOException e, String... parts) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' names " + p);
        }
    }

    @Test
    void malformedFoldersNameTheFile(@TempDir Path tmp) throws IOException {
        Path noImages = tmp.resolve("a");
        Files.createDirectories(noImages.resolve(CelebAMaskHq.MASKS));
        assertOneLine(assertThrows(IOException.class, () -> CelebAMaskHq.open(noImages)), "CelebA-HQ-img/");

        Path noMasks = fakeFolder(tmp.resolve("b"));
        writeImage(noMasks.resolve(CelebAMaskHq.IMAGES).resolve("7.jpg"), S, S, "jpg");
        assertOneLine(assertThrows(IOException.class, () -> CelebAMaskHq.open(noMasks)), "no masks",
                "CelebA-HQ-img/7.jpg", "CelebAMask-HQ-mask-anno/0/00007_<part>.png");

        Path wrongSize = fakeFolder(tmp.resolve("c"));
        writeMask(wrongSize.resolve(CelebAMaskHq.MASKS).resolve("0").resolve("00000_nose.png"), 60, S,
                new int[] {28, 26, 36, 40});
        CelebAMaskHq ds = CelebAMaskHq.open(wrongSize);
        assertOneLine(assertThrows(IOException.class, () -> ds.read(0)), "CelebAMask-HQ-mask-anno/0/00000_nose.png",
                "60x64", "64x64");
    }
}
