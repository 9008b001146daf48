package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that cannot be read give a one-line {@link MediaException} naming the file and the problem. */
class BadInputsTest {
    @TempDir
    Path dir;

    private static MediaException openFails(Path p) {
        MediaException e = assertThrows(MediaException.class, () -> FrameSource.open(p).close());
        System.out.println("message: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        return e;
    }

    @Test
    void missingFile() {
        MediaException e = openFails(dir.resolve("nothing-here.mov"));
        assertTrue(e.getMessage().endsWith(": file not found"), e.getMessage());
        e = openFails(dir.resolve("nothing-here.exr"));
        assertTrue(e.getMessage().endsWith(": file not found"), e.getMessage());
    }

    @Test
    void randomBytesNamedMp4() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(7).nextBytes(junk);
        Path p = dir.resolve("junk.mp4");
        Files.write(p, junk);
        MediaException e = openFails(p);
        assertTrue(e.getMessage().contains("not a movie or image FFmpeg can read"), e.getMessage());
    }

    @Test
    void zeroLengthFile() throws Exception {
        Path p = dir.resolve("empty.mp4");
        Files.write(p, new byte[0]);
        MediaException e = openFails(p);
        assertEquals(p + ": empty file (0 bytes)", e.getMessage());
    }

    @Test
    void noVideoFrames() throws Exception {
        MediaTools.requireCli();
        Path p = dir.resolve("audio-only.mp4");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "sine=duration=0.5", p.toString());
        MediaException e = openFails(p);
        assertTrue(e.getMessage().endsWith("no video stream (zero frames)"), e.getMessage());
    }

    @Test
    void emptySequencePattern() {
        Path p = dir.resolve("none.%04d.png");
        MediaException e = openFails(p);
        assertTrue(e.getMessage().contains("no files match"), e.getMessage());
    }

    @Test
    void sequenceWithAMissingFrame() throws Exception {
        MediaTools.requireCli();
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=32x24:rate=25", "-frames:v", "5", "-start_number", "1",
                dir.resolve("seq.%04d.png").toString());
        Files.delete(dir.resolve("seq.0003.png"));
        try (FrameSource src = FrameSource.open(dir.resolve("seq.####.png"))) {
            assertEquals(1, src.firstFrameNumber());
            assertEquals(5, src.frameCount());
            assertEquals(List.of(3L), src.missingFrames());
            MediaException e = assertThrows(MediaException.class, () -> src.read(3));
            System.out.println("message: " + e.getMessage());
            assertTrue(e.getMessage().startsWith(dir.resolve("seq.0003.png") + ": frame 3: missing from the sequence"),
                    e.getMessage());
            assertEquals(3, e.frame());
            // sequential reading reports it and goes on after it
            assertEquals(1, src.read(1).number());
            assertEquals(2, src.next().number());
            assertThrows(MediaException.class, src::next);
            assertEquals(4, src.next().number());
            assertEquals(5, src.next().number());
        }
    }

    @Test
    void corruptImageMidSequence() throws Exception {
        MediaTools.requireCli();
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=32x24:rate=25", "-frames:v", "4", "-start_number", "10",
                dir.resolve("c_%03d.png").toString());
        Path bad = dir.resolve("c_012.png");
        byte[] b = Files.readAllBytes(bad);
        for (int i = 60; i < b.length - 12; i++) {
            b[i] = (byte) (i * 31);
        }
        Files.write(bad, b);
        try (FrameSource src = FrameSource.open(dir.resolve("c_%03d.png"))) {
            assertEquals(4, src.frameCount());
            src.read(11);
            MediaException e = assertThrows(MediaException.class, () -> src.read(12));
            System.out.println("message: " + e.getMessage());
            assertTrue(e.getMessage().startsWith(bad + ": frame 12: "), e.getMessage());
            assertEquals(13, src.read(13).number());
        }
    }

    @Test
    void corruptFrameMidMovie() throws Exception {
        MediaTools.requireCli();
        // intra-only MJPEG in QuickTime: damage the middle of frame 5's data
        Path mov = dir.resolve("damaged.mov");
        MediaTools.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25", "-frames:v", "10", "-c:v", "mjpeg",
                "-q:v", "3", mov.toString());
        String out = MediaTools.ffprobe("-select_streams", "v:0", "-show_entries", "packet=pos,size", "-of", "csv=p=0",
                mov.toString());
        String[] rows = out.trim().split("\n");
        String[] f5 = rows[5].split(",");
        int size = Integer.parseInt(f5[0].trim());
        long pos = Long.parseLong(f5[1].trim());
        byte[] b = Files.readAllBytes(mov);
        for (int i = 0; i < size; i++) {
            b[(int) pos + i] = (byte) 0xFF;
        }
        Files.write(mov, b);
        try (FrameSource src = FrameSource.open(mov)) {
            assertEquals(10, src.frameCount());
            src.read(4);
            MediaException e = assertThrows(MediaException.class, () -> src.read(5));
            System.out.println("message: " + e.getMessage());
            assertTrue(e.getMessage().startsWith(mov + ": frame 5: "), e.getMessage());
            assertEquals(6, src.read(6).number());
        }
    }
}
