package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dry-run} says what a render would do and writes nothing. */
class RenderDryRunTest {
    @TempDir
    Path dir;

    @Test
    void printsInputModelRangeAndEachOutputAndWritesNothing() throws Exception {
        Path out = dir.resolve("renders");
        Files.createDirectories(out);
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out", out.resolve("shot").toString(),
                "--preset", "resolve-prores4444", "--frames", "10-13", "--preroll", "5", "--dry-run");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals("", r.err(), r.toString());
        List<String> lines = r.outLines();

        List<String> input = lines.stream().filter(l -> l.startsWith("input:")).toList();
        assertEquals(1, input.size(), r.out());
        assertTrue(input.get(0).contains(Harness.sample().toString()), input.get(0));
        assertTrue(input.get(0).contains("400x300"), input.get(0));
        List<String> time = lines.stream().filter(l -> l.startsWith("time:")).toList();
        assertEquals(1, time.size(), r.out());
        assertTrue(time.get(0).contains("25/1 fps"), time.get(0));
        // the sample's timecode is 01:00:00:00 at frame 0: the first written frame, 10, is 01:00:00:10
        assertTrue(time.get(0).contains("timecode 01:00:00:10 at frame 10"), time.get(0));

        List<String> model = lines.stream().filter(l -> l.startsWith("model:")).toList();
        assertEquals(1, model.size(), r.out());
        // the default model: the trained one when shipped, named as its file
        Path dflt = DefaultModel.path();
        assertTrue(model.get(0).contains(dflt.getFileName().toString().replace(".onnx", "")), model.get(0));
        assertTrue(model.get(0).contains(dflt.toString()), "names the model file: " + model.get(0));

        List<String> frames = lines.stream().filter(l -> l.startsWith("frames:")).toList();
        assertEquals(1, frames.size(), r.out());
        assertTrue(frames.get(0).contains("10-13"), frames.get(0));
        assertTrue(frames.get(0).contains("pre-roll from 5"), frames.get(0));
        assertTrue(frames.get(0).contains("4 to write"), frames.get(0));

        List<String> outputs = lines.stream().filter(l -> l.startsWith("output:")).toList();
        assertEquals(2, outputs.size(), "one line per output: " + r.out());
        assertTrue(outputs.get(0).contains("ProRes 4444") && outputs.get(0).endsWith(out.resolve("shot.mov").toString()),
                outputs.get(0));
        assertTrue(outputs.get(1).endsWith(out.resolve("shot.uncertainty.mov").toString()), outputs.get(1));

        try (var s = Files.list(out)) {
            assertEquals(List.of(), s.toList(), "a dry run writes nothing");
        }
        try (var s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList(), "nor anywhere beside");
        }
    }

    @Test
    void theInitModelRendersWithAWarningThatItIsNoFaceMatte() throws Exception {
        Path out = dir.resolve("init");
        Files.createDirectories(out);
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out",
                out.resolve("m.####.exr").toString(), "--frames", "0-1", "--dry-run", "--model", "facemat-init");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals("facemat: warning: facemat-init.onnx is not a face matte (its alpha is person foreground (RVM), "
                + "not yet a face matte)", r.err().trim());
    }

    @Test
    void dryRunOfAPatternInAMissingFolderDoesNotCreateIt() {
        Path out = dir.resolve("not/yet");
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out",
                out.resolve("m.####.exr").toString(), "--dry-run", "--model", Harness.model().toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        List<String> outputs = r.outLines().stream().filter(l -> l.startsWith("output:")).toList();
        assertEquals(1, outputs.size(), r.out());
        assertTrue(outputs.get(0).contains("OpenEXR half ZIP"), outputs.get(0));
        assertTrue(r.out().contains("frames:   0-99, 100 to write"), r.out());
        assertFalse(Files.exists(dir.resolve("not")), "no folder made");
    }
}
