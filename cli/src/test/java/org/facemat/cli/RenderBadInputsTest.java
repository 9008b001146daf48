package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.facemat.media.exr.ExrReader;
import org.facemat.model.ModelContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input stops the render with one line on stderr ({@code facemat: }, the file, the problem), its exit code,
 * no stack trace, and no output file.
 */
class RenderBadInputsTest {
    @TempDir
    Path dir;

    /** Where the render would write: nothing may appear under it. */
    Path out() {
        return dir.resolve("out");
    }

    Harness.Result render(String input, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("render", input, "--out",
                out().resolve("m.####.exr").toString(), "--log", "json"));
        args.addAll(List.of(more));
        return Harness.facemat(args.toArray(String[]::new));
    }

    void assertNothingWritten() throws Exception {
        assertEquals(List.of(), Harness.files(out()), "no output file");
        assertFalse(Files.exists(out()), "not even the output folder is made");
    }

    @Test
    void missingInputFile() throws Exception {
        Path missing = dir.resolve("missing.mp4");
        Harness.assertFailure(render(missing.toString()), ExitCode.BAD_INPUT, missing.toString(), "not found");
        assertNothingWritten();
    }

    @Test
    void randomBytesNamedMp4() throws Exception {
        Path junk = dir.resolve("junk.mp4");
        byte[] bytes = new byte[64 * 1024];
        new Random(13).nextBytes(bytes);
        Files.write(junk, bytes);
        Harness.assertFailure(render(junk.toString()), ExitCode.BAD_INPUT, junk.toString(), "not a movie");
        assertNothingWritten();
    }

    /** The real process's stderr too: no native library adds its own log lines. */
    @Test
    void randomBytesInAProcessOfItsOwn() throws Exception {
        Path junk = dir.resolve("junk.mp4");
        byte[] bytes = new byte[64 * 1024];
        new Random(14).nextBytes(bytes);
        Files.write(junk, bytes);
        Harness.Result r = Harness.facematProcess("render", junk.toString(), "--out",
                out().resolve("m.####.exr").toString());
        Harness.assertFailure(r, ExitCode.BAD_INPUT, junk.toString(), "not a movie");
        assertEquals("", r.out());
        assertNothingWritten();
    }

    @Test
    void zeroLengthFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        Harness.assertFailure(render(empty.toString()), ExitCode.BAD_INPUT, empty.toString(), "empty");
        assertNothingWritten();
    }

    @Test
    void modelFileThatIsNotOnnx() throws Exception {
        Path model = dir.resolve("weights.onnx");
        Files.writeString(model, "this is not a protobuf\n".repeat(100));
        Harness.assertFailure(render(Harness.sample().toString(), "--model", model.toString()), ExitCode.MODEL_ERROR,
                model.toString(), "not an ONNX model");
        assertNothingWritten();
    }

    @Test
    void onnxModelWithoutTheContractMetadata() throws Exception {
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(Harness.model()));
        OnnxMl.ModelProto.Builder b = proto.toBuilder().clearMetadataProps();
        int dropped = 0;
        for (OnnxMl.StringStringEntryProto e : proto.getMetadataPropsList()) {
            if (e.getKey().equals(ModelContract.META_CONTRACT)) {
                dropped++;
            } else {
                b.addMetadataProps(e);
            }
        }
        assertEquals(1, dropped, "the shipped model has the key");
        Path model = dir.resolve("no-contract.onnx");
        Files.write(model, b.build().toByteArray());
        Harness.assertFailure(render(Harness.sample().toString(), "--model", model.toString()), ExitCode.MODEL_ERROR,
                model.toString(), ModelContract.META_CONTRACT, "missing");
        assertNothingWritten();
    }

    @Test
    void outputFolderThatIsARegularFile() throws Exception {
        Path file = Files.writeString(dir.resolve("renders"), "a file, not a folder");
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out",
                file.resolve("m.####.exr").toString(), "--frames", "0-1", "--log", "json");
        Harness.assertFailure(r, ExitCode.OUTPUT_ERROR, file.toString(), "not a folder");
        assertEquals("a file, not a folder", Files.readString(file), "the file is left as it was");
        assertEquals(List.of(file), Harness.files(dir));
    }

    @Test
    void frameRangeOutsideTheClip() throws Exception {
        Harness.assertFailure(render(Harness.sample().toString(), "--frames", "5000-5010"), ExitCode.BAD_INPUT,
                Harness.sample().toString(), "5000-5010", "outside", "0-99");
        assertNothingWritten();
    }

    @Test
    void downsampleRatioAboveOne() throws Exception {
        Harness.assertFailure(render(Harness.sample().toString(), "--downsample", "2"), ExitCode.USAGE, "--downsample",
                "(0, 1]");
        assertNothingWritten();
    }

    @Test
    void unknownPreset() throws Exception {
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out", out().resolve("m").toString(),
                "--preset", "nuke-dpx");
        String line = Harness.assertFailure(r, ExitCode.USAGE, "nuke-dpx", "no such preset");
        assertTrue(line.contains("nuke-exr") && line.contains("png16"), "lists the presets there are: " + line);
        assertNothingWritten();
    }

    @Test
    void sequenceOutputWithoutFrameNumber() throws Exception {
        Path single = out().resolve("matte.exr");
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out", single.toString());
        Harness.assertFailure(r, ExitCode.USAGE, single.toString(), "no frame number");
        assertNothingWritten();
    }

    @Test
    void tinyInputIsTooSmallForTheNetwork() throws Exception {
        Harness.requireTools("ffmpeg");
        Path tiny = dir.resolve("tiny.mkv");
        Harness.ffmpeg("-f", "lavfi", "-i", "color=c=gray:size=2x2:rate=25", "-frames:v", "3", "-pix_fmt", "yuv444p",
                "-c:v", "ffv1", tiny.toString());
        Harness.assertFailure(render(tiny.toString()), ExitCode.BAD_INPUT, tiny.toString(), "2x2", "too small");
        assertNothingWritten();
    }

    @Test
    void oneStillImageRendersOneFrame() throws Exception {
        Harness.requireTools("ffmpeg");
        Path still = dir.resolve("still.png");
        Harness.ffmpeg("-i", Harness.sample().toString(), "-frames:v", "1", "-vf", "scale=128:96", still.toString());
        Harness.Result r = render(still.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(List.of(out().resolve("m.0000.exr"), out().resolve("m.review.json")), Harness.files(out()));
        ExrReader.verify(out().resolve("m.0000.exr"));
        assertEquals(1, Harness.events(r.out(), "frame").size());
    }
}
