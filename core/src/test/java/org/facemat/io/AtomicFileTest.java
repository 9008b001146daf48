package org.facemat.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @Test
    void temporaryFilesAreNewHiddenAndOwned(@TempDir Path dir) throws Exception {
        AtomicFile a = new AtomicFile(dir.resolve("shot.mov"));
        AtomicFile b = new AtomicFile(dir.resolve("shot.mov"));
        assertNotEquals(a.temp(), b.temp(), "two writers of one file never share a temporary file");
        assertTrue(Files.isRegularFile(a.temp()) && Files.size(a.temp()) == 0);
        String name = a.temp().getFileName().toString();
        assertTrue(name.startsWith(".shot.mov.facemat-"), name);
        assertEquals("shot.mov", AtomicFile.finalNameOf(name).orElseThrow());
        assertFalse(AtomicFile.isAbandoned(a.temp()), "this process is alive");
        a.abort();
        b.abort();
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    /** A symlink planted where the temporary file will be, or at the final name, is never written through. */
    @Test
    void neverWritesThroughASymlink(@TempDir Path dir) throws Exception {
        Path original = dir.resolve("camera-original.mov");
        byte[] footage = "camera original".getBytes(StandardCharsets.UTF_8);
        Files.write(original, footage);
        Path target = dir.resolve("out.mov");
        Files.createSymbolicLink(target, original);
        AtomicFile.write(target, "matte".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(footage, Files.readAllBytes(original));
        assertFalse(Files.isSymbolicLink(target), "the link itself was replaced");
        assertEquals("matte", Files.readString(target));
    }

    @Test
    void aFolderAtTheFinalNameIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("x.exr"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new AtomicFile(dir.resolve("x.exr")));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("x.exr"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void otherNamesAreNotTemporaries() {
        for (String n : List.of("shot.mov", "shot.mov.partial", ".shot.0001.exr.tmp-abc", ".facemat-x-1-a.tmp",
                ".a.facemat-host-12-xyz.tmp")) {
            assertTrue(AtomicFile.finalNameOf(n).isEmpty(), n);
        }
    }
}
