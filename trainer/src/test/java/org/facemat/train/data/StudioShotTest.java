package org.facemat.train.data;

import static org.facemat.train.data.CelebAMaskHqTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.exr.ExrChannel;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrOptions;
import org.facemat.media.exr.ExrWriter;
import org.facemat.media.exr.PixelType;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short shot made from the shared data: the first 40 frames of cap13 as a PNG sequence numbered from 1001, and
 * some of its skin labels as roto mattes named by frame number.
 */
class StudioShotTest {
    static final int FRAMES = 40;
    static final int FIRST = 1001;
    /** cap13 frames that get a matte (the last as EXR). */
    static final int[] ROTO = {3, 10, 17, 25, 31, 38};

    @TempDir
    static Path tmp;
    static Path cap13;
    static float[][] movieRgb = new float[FRAMES][];

    @BeforeAll
    static void makeShot() throws Exception {
        cap13 = SharedData.require("data/faces/cap13");
        Path seq = Files.createDirectories(tmp.resolve("plates"));
        try (FrameSource src = FrameSource.open(cap13.resolve("cap13_edit2.mp4"))) {
            for (int f = 0; f < FRAMES; f++) {
                Frame fr = src.next();
                movieRgb[f] = fr.rgb().clone();
                Images.writePng(Images.rgb(fr.rgb(), fr.width(), fr.height()),
                        seq.resolve(String.format("shot.%04d.png", FIRST + f)));
            }
        }
        Path roto = Files.createDirectories(tmp.resolve("roto"));
        for (int i = 0; i < ROTO.length; i++) {
            int f = ROTO[i];
            Path label = cap13.resolve("skin").resolve(String.format("%06d.png", f));
            if (i < ROTO.length - 1) {
                Files.copy(label, roto.resolve(String.format("face_roto_v3.%d.png", FIRST + f)));
            } else {
                float[] a = Images.readGrey(label, 400, 300);
                try (ExrWriter w = new ExrWriter()) {
                    w.write(new ExrImage(400, 300, new ExrChannel("A", PixelType.FLOAT, a)), ExrOptions.defaults(),
                            roto.resolve((FIRST + f) + ".exr"));
                }
            }
        }
        Files.writeString(roto.resolve("notes.txt"), "not a matte");
    }

    static float[] label(int frame) throws IOException {
        return Images.readGrey(cap13.resolve("skin").resolve(String.format("%06d.png", frame)), 400, 300);
    }

    static double meanAbs(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

    @Test
    void framesAndMattesPairByFrameNumber() throws IOException {
        try (StudioShot shot = StudioShot.open(tmp.resolve("plates/shot.1001.png"), tmp.resolve("roto"))) {
            assertEquals(ROTO.length, shot.size());
            assertEquals(400, shot.width());
            assertFalse(shot.isClip());
            for (int i = 0; i < ROTO.length; i++) {
                int f = ROTO[i];
                assertEquals(FIRST + f, shot.frameNumber(i));
                FaceSample s = shot.read(i);
                assertEquals("shot#" + (FIRST + f), s.id());
                assertArrayEquals(label(f), s.skin(), 0f, "matte of frame " + f);
                // the plate is the movie frame f (8-bit round trip), not its neighbour
                assertTrue(meanAbs(s.rgb(), movieRgb[f]) < 0.6 / 255, "rgb of frame " + f);
                double own = meanAbs(s.rgb(), movieRgb[f]);
                for (int g = 0; g < FRAMES; g++) {
                    if (g != f) {
                        assertTrue(meanAbs(s.rgb(), movieRgb[g]) > own, "frame " + f + " is closer to " + g);
                    }
                }
                FaceBox b = s.box();
                assertTrue(s.skin()[(int) b.centerY() * 400 + (int) b.centerX()] > 0.5f);
                assertEquals(b, shot.box(i));
            }
            assertEquals(List.of(3), shot.heldOutItems());
            assertEquals(List.of(0, 1, 2, 4, 5), shot.trainingItems());
        }
    }

    @Test
    void aMovieIsNumberedFromZero(@TempDir Path dir) throws IOException {
        Files.copy(cap13.resolve("skin/000012.png"), dir.resolve("12.png"));
        Files.copy(cap13.resolve("skin/000500.png"), dir.resolve("take1_500.png"));
        try (StudioShot shot = StudioShot.open(cap13.resolve("cap13_edit2.mp4"), dir)) {
            assertEquals(2, shot.size());
            assertEquals(List.of(1), shot.heldOutItems(), "fewer than 4 roto'd frames: the last is held out");
            FaceSample s = shot.read(0);
            assertEquals(12, shot.frameNumber(0));
            assertTrue(meanAbs(s.rgb(), movieRgb[12]) < 1e-6, "movie frame 12 as decoded before");
            assertArrayEquals(label(12), s.skin(), 0f);
        }
    }

    @Test
    void malformedShotsNameTheFile(@TempDir Path dir) throws IOException {
        Path plates = tmp.resolve("plates/shot.1001.png");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "x");
        assertOneLine(assertThrows(IOException.class, () -> StudioShot.open(plates, empty)), "no roto matte");

        Path small = Files.createDirectories(dir.resolve("small"));
        Images.writePng(Images.grey(new float[20 * 10], 20, 10), small.resolve("roto.1005.png"));
        assertOneLine(assertThrows(IOException.class, () -> StudioShot.open(plates, small)), "small/roto.1005.png",
                "20x10", "400x300");

        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.copy(cap13.resolve("skin/000000.png"), outside.resolve("roto.1041.png"));
        assertOneLine(assertThrows(IOException.class, () -> StudioShot.open(plates, outside)),
                "outside/roto.1041.png", "frame 1041", "frames 1001..1040");

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.write(broken.resolve("roto.1002.png"), new byte[] {1, 2, 3, 4});
        assertOneLine(assertThrows(IOException.class, () -> StudioShot.open(plates, broken)), "broken/roto.1002.png",
                "not a readable matte");

        Path noAlpha = Files.createDirectories(dir.resolve("noalpha"));
        try (ExrWriter w = new ExrWriter()) {
            w.write(new ExrImage(400, 300, new ExrChannel("Y", PixelType.HALF, new float[400 * 300])),
                    ExrOptions.defaults(), noAlpha.resolve("1002.exr"));
        }
        StudioShot s = StudioShot.open(plates, noAlpha);
        assertOneLine(assertThrows(IOException.class, () -> s.read(0)), "noalpha/1002.exr", "no A channel");
        s.close();
    }
}
