package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramePatternTest {
    @TempDir
    Path dir;

    @Test
    void printfAndHashPatternsName() {
        assertEquals("matte.0007.png", FramePattern.parse(Path.of("out/matte.%04d.png")).fileName(7));
        assertEquals("matte.1001.png", FramePattern.parse(Path.of("matte.####.png")).fileName(1001));
        assertEquals("matte.12345.png", FramePattern.parse(Path.of("matte.####.png")).fileName(12345));
        assertEquals("m_42.exr", FramePattern.parse(Path.of("m_%d.exr")).fileName(42));
        assertEquals(Path.of("out").toAbsolutePath().resolve("a.0001.tif"),
                FramePattern.parse(Path.of("out/a.%04d.tif")).path(1));
        assertEquals("tif", FramePattern.parse(Path.of("out/a.%04d.TIF")).extension());
    }

    @Test
    void badPatterns() {
        assertThrows(IllegalArgumentException.class, () -> FramePattern.parse(Path.of("matte.png")));
        assertThrows(IllegalArgumentException.class, () -> FramePattern.parse(Path.of("a.%04d.%04d.png")));
        assertThrows(IllegalArgumentException.class, () -> FramePattern.parse(Path.of("a.%4d.png")));
        assertFalse(FramePattern.isPattern(Path.of("clip.mov")));
        assertTrue(FramePattern.isPattern(Path.of("shot.####.exr")));
    }

    @Test
    void matchingRespectsPadding() {
        FramePattern p = FramePattern.parse(Path.of("s.%04d.png"));
        assertEquals(OptionalLong.of(1001), p.numberOf("s.1001.png"));
        assertEquals(OptionalLong.of(7), p.numberOf("s.0007.png"));
        assertEquals(OptionalLong.of(12345), p.numberOf("s.12345.png"));
        assertEquals(OptionalLong.empty(), p.numberOf("s.007.png"));
        assertEquals(OptionalLong.empty(), p.numberOf("s.01001.png"));
        assertEquals(OptionalLong.empty(), p.numberOf("s.1001.png.partial"));
        assertEquals(OptionalLong.empty(), p.numberOf("t.1001.png"));
        FramePattern q = FramePattern.parse(Path.of("s.%d.png"));
        assertEquals(OptionalLong.of(5), q.numberOf("s.5.png"));
        assertEquals(OptionalLong.of(0), q.numberOf("s.0.png"));
        assertEquals(OptionalLong.empty(), q.numberOf("s.05.png"));
    }

    @Test
    void numberedFileGivesItsSequence() throws Exception {
        assertEquals("shot_v2.%04d.exr", FramePattern.ofNumberedFile(Path.of("shot_v2.1001.exr")).orElseThrow()
                .toString().replaceFirst(".*/", ""));
        assertTrue(FramePattern.ofNumberedFile(Path.of("rgb16.png")).isEmpty());
        assertTrue(FramePattern.ofNumberedFile(Path.of("still.png")).isEmpty());
        assertEquals(4, FramePattern.ofNumberedFile(Path.of("0001.png")).orElseThrow().padding());
        for (String n : List.of("p.0009.png", "p.0010.png", "p.0012.png", "p.010.png", "q.0011.png")) {
            Files.writeString(dir.resolve(n), "x");
        }
        Files.createDirectory(dir.resolve("p.0011.png"));
        assertEquals(List.of(9L, 10L, 12L), List.copyOf(FramePattern.parse(dir.resolve("p.%04d.png")).scan()
                .keySet()));
    }
}
