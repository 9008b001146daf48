package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model info} says which inputs a model takes; {@code model add-prior} makes a model that takes the prior. */
class ModelPriorCommandTest {
    /** A shipped model that takes no prior: 1.1.0 (2.0.0 and the default, 2.1.0, take one). */
    private static java.nio.file.Path withoutPrior() {
        Harness.home();
        return DefaultModel.shipped("facemat-face-1.1.0");
    }


    @Test
    void infoListsTheInputsAndWhetherTheModelTakesThePrior(@TempDir Path dir) {
        CliRun plain = CliRun.of("model", "info", withoutPrior().toString());
        assertEquals(ExitCode.OK, plain.code(), plain.err());
        for (String input : new String[] {"src float32 [1, 3, ?, ?]", "src_sm float32 [1, 3, ?, ?]",
            "r1i float32 [1, 16, ?, ?]", "r4i float32 [1, 64, ?, ?]"}) {
            assertTrue(plain.out().contains("  " + input), plain.out());
        }
        assertTrue(plain.out().contains("prior:     no (the model takes no landmark prior)"), plain.out());

        Path widened = dir.resolve("prior.onnx");
        CliRun r = CliRun.of("model", "add-prior", withoutPrior().toString(), "--out", widened.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("contract OK"), r.out());
        CliRun info = CliRun.of("model", "info", widened.toString());
        assertEquals(ExitCode.OK, info.code(), info.err());
        assertTrue(info.out().contains("  prior float32 [1, 1, ?, ?]"), info.out());
        assertTrue(info.out().contains("prior:     yes (input prior, drawn as landmark-oval v1, fed to the stem and "
                + "the decoder;"), info.out());
        assertTrue(info.out().contains("facemat.prior = landmark-oval v1"), info.out());
        assertTrue(info.out().contains("facemat.prior_inputs = stem, decoder"), info.out());
        // the metadata of the model it came from is kept
        String name = plain.out().lines().filter(l -> l.contains("facemat.model_name")).findFirst().orElseThrow();
        assertTrue(info.out().contains(name), info.out());

        // a model that takes the prior already: one line, nothing written
        Path again = dir.resolve("again.onnx");
        CliRun twice = CliRun.of("model", "add-prior", widened.toString(), "--out", again.toString());
        assertEquals(ExitCode.MODEL_ERROR, twice.code());
        assertEquals("facemat: " + widened + ": the model takes the landmark prior at the stem and in the decoder "
                + "already", twice.err().trim());
        assertFalse(Files.exists(again));
    }

    @Test
    void addPriorGivesTheDecoderThePriorOfAModelThatFeedsItToTheStem(@TempDir Path dir) {
        Harness.home();
        Path stemOnly = DefaultModel.shipped("facemat-face-2.0.0"); // exported before the decoder prior
        CliRun before = CliRun.of("model", "info", stemOnly.toString());
        assertEquals(ExitCode.OK, before.code(), before.err());
        assertTrue(before.out().contains("drawn as landmark-oval v1, fed to the stem;"), before.out());

        Path widened = dir.resolve("decoder.onnx");
        CliRun r = CliRun.of("model", "add-prior", stemOnly.toString(), "--out", widened.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("at the stem and in the decoder, the decoder's weights zero), contract OK"),
                r.out());
        CliRun info = CliRun.of("model", "info", widened.toString());
        assertEquals(ExitCode.OK, info.code(), info.err());
        assertTrue(info.out().contains("fed to the stem and the decoder;"), info.out());
    }

    @Test
    void addPriorRefusesToWriteOverItsInput(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.onnx");
        Files.copy(withoutPrior(), model);
        byte[] before = Files.readAllBytes(model);
        for (Path out : new Path[] {model, dir.resolve(".").resolve("model.onnx")}) {
            CliRun r = CliRun.of("model", "add-prior", model.toString(), "--out", out.toString());
            assertEquals(ExitCode.USAGE, r.code(), r.out());
            assertEquals(1, r.err().trim().lines().count(), r.err());
            assertTrue(r.err().startsWith("facemat: "), r.err());
        }
        assertArrayEquals(before, Files.readAllBytes(model));
    }

    @Test
    void addPriorRefusesFloat16Weights(@TempDir Path dir) {
        Path half = dir.resolve("half.onnx");
        assertEquals(ExitCode.OK, CliRun.of("model", "half", withoutPrior().toString(), "--out", half.toString())
                .code());
        Path out = dir.resolve("out.onnx");
        CliRun r = CliRun.of("model", "add-prior", half.toString(), "--out", out.toString());
        assertEquals(ExitCode.MODEL_ERROR, r.code());
        assertEquals("facemat: " + half + ": the weights are float16; add the prior to the float32 model, then "
                + "convert", r.err().trim());
        assertFalse(Files.exists(out));
    }
}
