package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stray file with a huge number beside a short sequence: memory follows the files and the range, not the span. */
class SparseSequenceTest {

    @TempDir
    Path dir;

    @BeforeEach
    void twoFiles() throws IOException {
        BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0xFF8040);
        ImageIO.write(image, "png", dir.resolve("s.0001.png").toFile());
        ImageIO.write(image, "png", dir.resolve("s.999999999999.png").toFile());
    }

    @Test
    void rangeOfOneFrameOpensAndReads() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (FrameSource src = FrameSource.open(dir.resolve("s.####.png"),
                    SourceOptions.DEFAULT.withFrames(1L, 1L))) {
                assertEquals(1, src.firstFrameNumber());
                assertEquals(999_999_999_999L, src.lastFrameNumber());
                assertEquals(List.of(), src.missingFrames());
                assertEquals(16, src.read(1).width());
            }
        });
    }

    @Test
    void rangeOverAGapListsOnlyItsOwnMissingFrames() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (FrameSource src = FrameSource.open(dir.resolve("s.####.png"),
                    SourceOptions.DEFAULT.withFrames(1L, 3L))) {
                assertEquals(List.of(2L, 3L), src.missingFrames());
                assertTrue(src.missingFrames().contains(2L));
                assertFalse(src.missingFrames().contains(5L));
                MediaException e = assertThrows(MediaException.class, () -> src.read(2));
                assertTrue(e.getMessage().contains("(2 of 3 frames missing)"), e.getMessage());
            }
        });
    }

    @Test
    void withoutARangeTheSequenceIsRefusedNamingBothFiles() {
        MediaException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(MediaException.class,
                () -> FrameSource.open(dir.resolve("s.####.png")).close()));
        String m = e.getMessage();
        System.out.println("message: " + m);
        assertTrue(m.contains("999999999997 missing"), m);
        assertTrue(m.contains("s.0001.png") && m.contains("s.999999999999.png"), m);
        assertTrue(m.contains("give a frame range"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void missingFramesAreFoundLazily() throws Exception {
        ImageIO.write(new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("s.0004.png").toFile());
        try (FrameSource src = FrameSource.open(dir.resolve("s.####.png"),
                SourceOptions.DEFAULT.withFrames(1L, 2_000_000_000L))) {
            List<Long> missing = src.missingFrames();
            assertEquals(2_000_000_000 - 2, missing.size());
            assertEquals(2L, missing.get(0));
            assertEquals(3L, missing.get(1));
            assertEquals(5L, missing.get(2));
            assertEquals(2_000_000_000L, missing.get(missing.size() - 1));
            assertEquals(2, missing.indexOf(5L));
        }
    }
}
