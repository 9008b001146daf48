package org.facemat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleTemporariesTest {

    @Test
    void knowsTheTemporaryNamesOfBothWriters() {
        assertEquals("shot.0003.exr", StaleTemporaries.finalName(".shot.0003.exr.tmp-1a2b3c"));
        assertEquals("shot.mov", StaleTemporaries.finalName("shot.mov.partial"));
        assertNull(StaleTemporaries.finalName("shot.0003.exr"));
        assertNull(StaleTemporaries.finalName(".hidden"));
    }

    @Test
    void removesOnlyLeftoversOfThisOutput(@TempDir Path dir) throws Exception {
        for (String n : List.of(".shot.0003.exr.tmp-x1", "shot.0004.exr.partial", "shot.0002.exr",
                ".other.0003.exr.tmp-x2", "notes.txt.partial", "shot.mov.partial")) {
            Files.writeString(dir.resolve(n), "x");
        }
        int removed = StaleTemporaries.sweep(PassSpec.fromPath(dir.resolve("shot.####.exr").toString()));
        assertEquals(2, removed);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(".other.0003.exr.tmp-x2", "notes.txt.partial", "shot.0002.exr", "shot.mov.partial"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(1, StaleTemporaries.sweep(PassSpec.fromPath(dir.resolve("shot.mov").toString())));
    }

    /** Chunks of one shot write into one folder at once: a chunk sweeps only the frames of its own range. */
    @Test
    void leavesTheTemporariesOfOtherChunksAlone(@TempDir Path dir) throws Exception {
        for (String n : List.of(".shot.0024.exr.tmp-a", ".shot.0025.exr.tmp-b", ".shot.0049.exr.tmp-c",
                ".shot.0050.exr.tmp-d", "shot.0030.exr.partial")) {
            Files.writeString(dir.resolve(n), "x");
        }
        assertEquals(3, StaleTemporaries.sweep(PassSpec.fromPath(dir.resolve("shot.####.exr").toString()), 25, 49));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(".shot.0024.exr.tmp-a", ".shot.0050.exr.tmp-d"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
