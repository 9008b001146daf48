package org.facemat.train.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model file appears only when complete; failures leave neither a partial file nor a temporary one. */
class AtomicExportTest {

    @Test
    void targetIsAbsentWhileWritingAndCompleteAfterwards(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model.onnx");
        org.facemat.io.AtomicFile.stream(out, os -> {
            os.write(new byte[] {1, 2, 3});
            os.flush();
            assertFalse(Files.exists(out), "target visible before the write completed");
            assertEquals(1, listing(dir).size(), "one temporary file while writing");
            os.write(new byte[] {4});
        });
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(out));
        assertEquals(List.of(out), listing(dir));
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            // not the owner-only mode of the temporary file: other users (render nodes) read models
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        }
    }

    @Test
    void aFailureMidWayKeepsTheOldFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model.onnx");
        Files.write(out, new byte[] {9, 9});
        IOException e = assertThrows(IOException.class, () -> org.facemat.io.AtomicFile.stream(out, os -> {
            os.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("cannot write " + out + ": disk full", e.getMessage());
        assertArrayEquals(new byte[] {9, 9}, Files.readAllBytes(out), "old model must survive a failed export");
        assertEquals(List.of(out), listing(dir));
    }

    @Test
    void exportIntoAFolderThatCannotBeWrittenFailsClearly(@TempDir Path dir) throws Exception {
        WeightSet w = ExportFixture.weights();
        // a regular file where the folder should be: not writable as a folder, even for root
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        IOException e = assertThrows(IOException.class,
                () -> FaceMatOnnxExporter.export(w, ExportFixture.METADATA, notAFolder.resolve("model.onnx")));
        assertTrue(e.getMessage().contains("cannot write") && e.getMessage().contains("plain-file"), e.getMessage());
        Path missing = dir.resolve("missing");
        e = assertThrows(IOException.class,
                () -> FaceMatOnnxExporter.export(w, ExportFixture.METADATA, missing.resolve("model.onnx")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(List.of(notAFolder), listing(dir), "nothing else may be created");
    }

    @Test
    void exportRefusesIncompleteWeightsBeforeWritingAnything(@TempDir Path dir) throws Exception {
        WeightSet w = new WeightSet();
        for (var p : ExportFixture.weights().asMap().entrySet()) {
            if (!p.getKey().startsWith("project_unc.")) {
                w.put(p.getKey(), p.getValue());
            }
        }
        w.put("decoder.decode0.conv.3.bias", new Tensor(new long[] {15}, new float[15]));
        Path out = dir.resolve("model.onnx");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaceMatOnnxExporter.export(w, ExportFixture.METADATA, out));
        assertTrue(e.getMessage().contains("project_unc.0.weight is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("decoder.decode0.conv.3.bias has shape [15]"), e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void exportReplacesAnOlderModelAndLeavesOnlyTheModel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model.onnx");
        Files.writeString(out, "old");
        FaceMatOnnxExporter.export(ExportFixture.weights(), ExportFixture.METADATA, out);
        assertTrue(Files.size(out) > 14_000_000, "the fp32 weights are about 15 MB");
        assertEquals(List.of(out), listing(dir));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
