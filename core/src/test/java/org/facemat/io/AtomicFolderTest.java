package org.facemat.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder written under the one temporary-name rule: whole or not there, and a killed writer's leftover swept. */
class AtomicFolderTest {
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void appearsWholeReplacesAndAborts(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("step-000100");
        Files.createDirectories(target);
        Files.writeString(target.resolve("old.txt"), "old");
        AtomicFile.Folder f = new AtomicFile.Folder(target);
        Files.writeString(f.temp().resolve("model.onnx"), "new");
        assertTrue(AtomicFile.finalNameOf(f.temp().getFileName().toString()).orElseThrow().equals("step-000100"));
        assertTrue(Files.exists(target.resolve("old.txt")), "the old folder stays until the commit");
        f.commit();
        assertEquals(List.of("step-000100"), names(dir));
        assertEquals(List.of("model.onnx"), names(target));

        AtomicFile.Folder g = new AtomicFile.Folder(dir.resolve("step-000200"));
        Files.writeString(g.temp().resolve("x"), "x");
        g.abort();
        assertEquals(List.of("step-000100"), names(dir));
    }

    @Test
    void sweepRemovesOnlyLeftoversOfEndedWriters(@TempDir Path dir) throws Exception {
        Path dead = Files.createDirectories(dir.resolve(TempNames.local("step-000300", TempNames.deadPid())));
        Files.writeString(dead.resolve("model.onnx"), "half");
        AtomicFile.Folder live = new AtomicFile.Folder(dir.resolve("step-000400")); // this process: still writing
        AtomicFile.Folder.sweep(dir);
        assertFalse(Files.exists(dead));
        assertTrue(Files.isDirectory(live.temp()));
        live.abort();
    }
}
