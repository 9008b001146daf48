package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.model.ModelContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presets, training configs and model files that cannot be read end with one line and the documented exit code: a
 * preset is part of the command line (2), a config is input (3), a model is a model error (4).
 */
public class ReaderErrorsTest {
    @TempDir
    Path dir;

    /** A copy of the shipped model whose ratio table does not parse. */
    private Path badRatioModel() throws Exception {
        return badRatioModel(dir);
    }

    /** A copy of the shipped model in {@code dir} whose ratio table does not parse. */
    public static Path badRatioModel(Path dir) throws Exception {
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(Harness.model()));
        OnnxMl.ModelProto.Builder b = m.toBuilder().clearMetadataProps();
        for (OnnxMl.StringStringEntryProto p : m.getMetadataPropsList()) {
            b.addMetadataProps(p.getKey().equals(ModelContract.META_RATIOS) ? p.toBuilder().setValue("<=512:abc")
                    .build() : p);
        }
        Path f = dir.resolve("bad-ratios.onnx");
        Files.write(f, b.build().toByteArray());
        return f;
    }

    @Test
    void aModelWithABadRatioTableIsAModelError() throws Exception {
        Path bad = badRatioModel();
        String expected = "facemat: " + bad + ": metadata 'facemat.downsample_ratios' = '<=512:abc': ratio 'abc' in "
                + "'<=512:abc' is not a number";
        Harness.Result info = Harness.facemat("model", "info", bad.toString());
        assertEquals(expected, Harness.assertFailure(info, ExitCode.MODEL_ERROR, bad.toString()));
        assertFalse(info.out().contains("contract:  OK"), info.out());

        Path out = dir.resolve("out");
        Harness.Result render = Harness.facemat("render", Harness.sample().toString(), "--model", bad.toString(),
                "--out", out.resolve("m.####.exr").toString());
        assertEquals(expected, Harness.assertFailure(render, ExitCode.MODEL_ERROR, bad.toString()));
        assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent());
    }

    @Test
    void aBadPresetIsAUsageError() throws Exception {
        Path preset = dir.resolve("mine.json");
        Files.writeString(preset, "{\"passes\": [{\"type\": \"exr\", \"path\": \"{out}.####.exr\", "
                + "\"pixels\": \"float32\"}]}");
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out",
                dir.resolve("out/m").toString(), "--preset", preset.toString());
        assertEquals("facemat: " + preset + ": pass 1: \"pixels\" must be \"half\" or \"float\", not \"float32\"",
                Harness.assertFailure(r, ExitCode.USAGE, preset.toString()));

        Files.writeString(preset, "{\"passes\": \"oops\"}");
        r = Harness.facemat("render", Harness.sample().toString(), "--out", dir.resolve("out/m").toString(),
                "--preset", preset.toString());
        assertEquals("facemat: " + preset + ": \"passes\" must be a list of passes, not \"oops\"",
                Harness.assertFailure(r, ExitCode.USAGE, preset.toString()));
    }
}
