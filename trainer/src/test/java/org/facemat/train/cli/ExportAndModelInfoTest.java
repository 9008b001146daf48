package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.cli.CliRun;
import org.facemat.cli.DefaultModel;
import org.facemat.cli.ExitCode;
import org.facemat.cli.Harness;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportAndModelInfoTest {

    @Test
    void exportsTheInitModelAndModelInfoChecksIt(@TempDir Path dir) {
        Path json = SharedData.require("data/models/rvm/rvm.json");
        Path out = dir.resolve("init.onnx");
        CliRun r = CliRun.of("export", "--from-rvm", json.toString(), "--out", out.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(Files.isRegularFile(out));
        assertTrue(r.out().contains("contract OK"), r.out());
        CliRun info = CliRun.of("model", "info", out.toString());
        assertEquals(ExitCode.OK, info.code(), info.err());
        assertTrue(info.out().contains("contract:  OK"), info.out());
        assertTrue(info.out().contains("src_sm float32 [1, 3, ?, ?]"), info.out());
        assertTrue(info.out().contains("uncertainty float32 [1, 1, ?, ?]"), info.out());
        assertTrue(info.out().contains("facemat.alpha_semantics = person foreground (RVM), not yet a face matte"),
                info.out());
    }

    @Test
    void exportRefusesAMissingOrBrokenRvmFileInOneLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("x.onnx");
        CliRun r = CliRun.of("export", "--from-rvm", dir.resolve("missing.json").toString(), "--out", out.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("facemat: " + dir.resolve("missing.json") + ": no such file", r.err().trim());
        Path bad = dir.resolve("model.json");
        Files.writeString(bad, "{\"format\":\"graph-model\",\"weightsManifest\":[{\"paths\":[\"w.bin\"],\"weights\":[]}]}");
        r = CliRun.of("export", "--from-rvm", bad.toString(), "--out", out.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertTrue(r.err().contains("w.bin") && r.err().contains("missing"), r.err());
        assertTrue(r.clean(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void exportsTheFaceModelsAsShipped(@TempDir Path dir) throws Exception {
        Path models = SharedData.require("data/models");
        Path out = dir.resolve("face");
        CliRun r = CliRun.of("export", "--face-models", models.toString(), "--out", out.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("interface OK"), r.out());
        Path shipped = Path.of("").toAbsolutePath().getParent().resolve("core/src/main/resources/models");
        for (String f : new String[] {"blazeface.onnx", "facemesh.onnx"}) {
            assertEquals(-1, Files.mismatch(out.resolve(f), shipped.resolve(f)), f + " differs from the shipped file");
        }
    }

    @Test
    void exportNeedsExactlyOneSourceAndNamesAMissingFaceModel(@TempDir Path dir) throws Exception {
        CliRun none = CliRun.of("export", "--out", dir.resolve("x.onnx").toString());
        assertEquals(ExitCode.USAGE, none.code());
        assertTrue(none.err().contains("exactly one of --from-rvm"), none.err());
        CliRun both = CliRun.of("export", "--from-rvm", "a.json", "--face-models", dir.toString(), "--out",
                dir.resolve("x.onnx").toString());
        assertEquals(ExitCode.USAGE, both.code());
        CliRun missing = CliRun.of("export", "--face-models", dir.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ExitCode.BAD_INPUT, missing.code());
        assertEquals(1, missing.err().trim().lines().count(), missing.err());
        assertTrue(missing.err().contains("no blazeface.json"), missing.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void modelInfoRefusesANonModel(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        CliRun r = CliRun.of("model", "info", junk.toString());
        assertEquals(ExitCode.MODEL_ERROR, r.code());
        assertTrue(r.err().startsWith("facemat: " + junk + ": not an ONNX model"), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
    }

    @Test
    void modelHalfWritesAFloat16WeightCopyThatModelInfoReads(@TempDir Path dir) throws Exception {
        Path half = dir.resolve("half.onnx");
        CliRun r = CliRun.of("model", "half", Harness.model().toString(), "--out", half.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("weight tensors as float16") && r.out().contains("contract OK"), r.out());
        double ratio = Files.size(half) / (double) Files.size(Harness.model());
        assertTrue(ratio > 0.49 && ratio < 0.55, "size ratio " + ratio);
        CliRun info = CliRun.of("model", "info", half.toString());
        assertEquals(ExitCode.OK, info.code(), info.err());
        assertTrue(info.out().contains("facemat.weights = float16"), info.out());

        // a second conversion, and a file that is no model: one line, exit code, nothing written
        Path again = dir.resolve("again.onnx");
        r = CliRun.of("model", "half", half.toString(), "--out", again.toString());
        assertEquals(ExitCode.MODEL_ERROR, r.code());
        assertEquals("facemat: " + half + ": the weights are float16 already", r.err().trim());
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        r = CliRun.of("model", "half", junk.toString(), "--out", again.toString());
        assertEquals(ExitCode.MODEL_ERROR, r.code());
        assertTrue(r.err().startsWith("facemat: " + junk + ": not an ONNX model"), r.err());
        assertFalse(Files.exists(again));
    }

    @Test
    void aShippedModelIsNamedWithOrWithoutItsExtensionAndAnUnknownNameIsNotFound(@TempDir Path dir) {
        Harness.home();
        for (String name : new String[] {"facemat-face-fp16", "facemat-face-fp16.onnx", "facemat-init"}) {
            CliRun info = CliRun.of("model", "info", name);
            assertEquals(ExitCode.OK, info.code(), name + ": " + info.err());
            assertTrue(info.out().contains("model:     " + DefaultModel.folder().resolve(
                    name.endsWith(".onnx") ? name : name + ".onnx")), info.out());
        }
        CliRun r = CliRun.of("model", "info", "facemat-face-9.9.9");
        assertEquals(ExitCode.MODEL_ERROR, r.code(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().contains("facemat-face-9.9.9"), r.err());
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        CliRun r = CliRun.of("export", "--frobnicate");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().startsWith("facemat: "), r.err());
    }
}
