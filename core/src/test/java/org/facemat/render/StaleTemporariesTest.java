package org.facemat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.facemat.io.TempNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleTemporariesTest {

    @Test
    void knowsTheTemporaryNamesOfTheRule() {
        assertEquals("shot.0003.exr", StaleTemporaries.finalName(".shot.0003.exr.facemat-node7-4242-1a2b3c.tmp"));
        assertNull(StaleTemporaries.finalName(".shot.0003.exr.tmp-1a2b3c"), "an older version's name: not ours");
        assertNull(StaleTemporaries.finalName("shot.mov.partial"));
        assertNull(StaleTemporaries.finalName("shot.0003.exr"));
        assertNull(StaleTemporaries.finalName(".hidden"));
    }

    @Test
    void removesOnlyAbandonedLeftoversOfThisOutput(@TempDir Path dir) throws Exception {
        long dead = TempNames.deadPid();
        List<String> names = List.of(TempNames.local("shot.0003.exr", dead), TempNames.local("shot.0004.exr", dead),
                "shot.0002.exr", TempNames.local("other.0003.exr", dead), TempNames.local("shot.mov", dead),
                TempNames.local("shot.0005.exr", ProcessHandle.current().pid()), "shot.0006.exr.partial");
        for (String n : names) {
            Files.writeString(dir.resolve(n), "x");
        }
        int removed = StaleTemporaries.sweep(PassSpec.fromPath(dir.resolve("shot.####.exr").toString()));
        assertEquals(2, removed, "frames 3 and 4; frame 5's writer (this process) is alive");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(names.get(2), names.get(3), names.get(4), names.get(5), names.get(6)).stream()
                    .sorted().toList(), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(1, StaleTemporaries.sweep(PassSpec.fromPath(dir.resolve("shot.mov").toString())));
    }

    /** Two renders of one movie: the second must not delete the file the first is still writing. */
    @Test
    void leavesTheFileOfARunningWriterAlone(@TempDir Path dir) throws Exception {
        Process alive = new ProcessBuilder("sleep", "30").start();
        try {
            Path other = dir.resolve(TempNames.local("shot.mov", alive.pid()));
            Files.writeString(other, "being written");
            assertEquals(0, StaleTemporaries.sweep(PassSpec.fromPath(dir.resolve("shot.mov").toString())));
            assertEquals("being written", Files.readString(other));
        } finally {
            alive.destroy();
        }
    }

    /** Another machine's leftover may be a render still running there: removed only after a day untouched. */
    @Test
    void leavesAnotherMachinesFreshLeftoverAlone(@TempDir Path dir) throws Exception {
        Path fresh = dir.resolve(".shot.0001.exr.facemat-othernode-12-abc.tmp");
        Path old = dir.resolve(".shot.0002.exr.facemat-othernode-12-abd.tmp");
        Files.writeString(fresh, "x");
        Files.writeString(old, "x");
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 25L * 3600 * 1000));
        assertEquals(1, StaleTemporaries.sweep(PassSpec.fromPath(dir.resolve("shot.####.exr").toString())));
        assertEquals(true, Files.exists(fresh));
    }

    /** Chunks of one shot write into one folder at once: a chunk sweeps only the frames of its own range. */
    @Test
    void leavesTheTemporariesOfOtherChunksAlone(@TempDir Path dir) throws Exception {
        long dead = TempNames.deadPid();
        for (int n : new int[] {24, 25, 30, 49, 50}) {
            Files.writeString(dir.resolve(TempNames.local(String.format("shot.%04d.exr", n), dead)), "x");
        }
        assertEquals(3, StaleTemporaries.sweep(PassSpec.fromPath(dir.resolve("shot.####.exr").toString()), 25, 49));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count());
        }
    }
}
