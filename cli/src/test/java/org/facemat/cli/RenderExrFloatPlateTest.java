package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.facemat.media.ColorSpace;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.exr.Chromaticities;
import org.facemat.media.exr.ExrChannelInfo;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.facemat.media.exr.Half;
import org.facemat.media.exr.PixelType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An EXR pattern given with {@code --out} (half by default), and a preset file asking for float with the plate. */
class RenderExrFloatPlateTest {
    @TempDir
    static Path dir;
    static Path clip;

    @BeforeAll
    static void makeClip() {
        Harness.requireTools("ffmpeg");
        clip = Harness.clip(dir, "small.mkv", 128, 96, 3);
    }

    @Test
    void exrPatternGivesHalfMatteAndUncertaintyWithoutPlate() throws Exception {
        Path out = dir.resolve("half");
        Harness.render(clip.toString(), "--out", out.resolve("x.####.exr").toString(), "--log", "quiet");
        assertEquals(List.of("x.0000.exr", "x.0001.exr", "x.0002.exr", "x.review.json"), Harness.names(out));
        for (Path f : Harness.files(out).stream().filter(p -> p.toString().endsWith(".exr")).toList()) {
            assertEquals(List.of(new ExrChannelInfo("A", PixelType.HALF, false, 1, 1),
                    new ExrChannelInfo("facemat.uncertainty", PixelType.HALF, false, 1, 1)),
                    ExrReader.verify(f).channels(), f.toString());
        }
    }

    @Test
    void floatPresetWithPlateHoldsTheDecodedPlateLinearAndPremultiplied() throws Exception {
        Path preset = dir.resolve("float-plate.json");
        Files.writeString(preset, """
                {
                  "name": "float-plate",
                  "description": "test: float EXR with the plate",
                  "passes": [
                    {"type": "exr", "path": "{out}.####.exr", "pixels": "float", "plate": true}
                  ]
                }
                """);
        Path out = dir.resolve("float");
        Harness.render(clip.toString(), "--out", out.resolve("x").toString(), "--preset", preset.toString(),
                "--log", "quiet");
        assertEquals(List.of("x.0000.exr", "x.0001.exr", "x.0002.exr", "x.review.json"), Harness.names(out));

        Path halfOut = dir.resolve("half-ref");
        Harness.render(clip.toString(), "--out", halfOut.resolve("x.####.exr").toString(), "--log", "quiet");

        try (FrameSource src = FrameSource.open(clip)) {
            for (int n = 0; n < 3; n++) {
                Frame plate = src.read(n);
                ExrFile f = ExrReader.read(out.resolve("x.000" + n + ".exr"));
                List<String> names = f.header().channels().stream().map(ExrChannelInfo::name).toList();
                assertEquals(List.of("A", "B", "G", "R", "facemat.uncertainty"), names);
                for (ExrChannelInfo c : f.header().channels()) {
                    assertEquals(PixelType.FLOAT, c.type(), c.name());
                }
                int area = 128 * 96;
                String[] rgb = {"R", "G", "B"};
                float[] a = f.image().channel("A").values();
                for (int c = 0; c < 3; c++) {
                    float[] expected = Arrays.copyOfRange(plate.rgb(), c * area, (c + 1) * area);
                    for (int i = 0; i < area; i++) {
                        // an sRGB source: its curve decoded to scene-linear, premultiplied by the matte
                        expected[i] = (float) ColorSpace.SRGB.decode(expected[i]) * a[i];
                    }
                    assertArrayEquals(expected, f.image().channel(rgb[c]).values(), 0f,
                            "frame " + n + " channel " + rgb[c] + " is the decoded plate, linear x A, bit for bit");
                }
                assertEquals(Chromaticities.REC709, f.header().chromaticities().orElseThrow());
                // the float matte is the one the half file rounds
                Harness.assertMatteHasContent(a);
                float[] half = ExrReader.read(halfOut.resolve("x.000" + n + ".exr")).image().channel("A").values();
                boolean finer = false;
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Half.round(a[i]), half[i], 0f, "frame " + n + " pixel " + i);
                    finer |= Half.round(a[i]) != a[i];
                }
                assertTrue(finer, "float pixels keep more than half precision");
            }
        }
    }
}
