package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement behind the default pre-roll (docs/farm.md): the sample clip rendered continuously, then in 4 chunks
 * of 25 frames for several pre-roll lengths P, through the render command with 32-bit float EXR output; prints the
 * largest alpha and uncertainty difference per P and, per P, the difference at each frame after a chunk start.
 * Slow (a few minutes): runs only with {@code -Dfacemat.bench=true}.
 */
@EnabledIfSystemProperty(named = "facemat.bench", matches = "true")
class PrerollCurveBench {
    static final int[] PREROLLS = {0, 1, 2, 3, 4, 6, 8, 12, 16, 24};
    static final int FRAMES = 100;
    static final int CHUNK = 25;

    @TempDir
    Path dir;

    @Test
    void chunkedAgainstContinuous() throws Exception {
        Path preset = FarmTesting.floatPreset(dir);
        Path sample = Harness.sample();
        Path cont = dir.resolve("continuous");
        Harness.render(sample.toString(), "--preset", preset.toString(), "--out", cont.resolve("m").toString(),
                "--preroll", "0", "--log", "quiet");
        List<float[]> refA = new ArrayList<>();
        List<float[]> refU = new ArrayList<>();
        for (int n = 0; n < FRAMES; n++) {
            var img = ExrReader.read(FarmTesting.frame(cont, n)).image();
            refA.add(img.channel("A").values());
            refU.add(img.channel("facemat.uncertainty").values());
        }
        StringBuilder table = new StringBuilder();
        table.append("P | max |alpha diff| | max |uncertainty diff| | alpha diff at chunk start +0 +1 +2 +4 +8\n");
        for (int p : PREROLLS) {
            Path out = dir.resolve("p" + p);
            for (int s = 0; s < FRAMES; s += CHUNK) {
                Harness.render(sample.toString(), "--preset", preset.toString(), "--out", out.resolve("m").toString(),
                        "--frames", s + "-" + (s + CHUNK - 1), "--preroll", Integer.toString(p), "--log", "quiet");
            }
            double maxA = 0;
            double maxU = 0;
            double[] byOffset = new double[CHUNK];
            for (int n = 0; n < FRAMES; n++) {
                var img = ExrReader.read(FarmTesting.frame(out, n)).image();
                double a = FarmTesting.maxDiff(refA.get(n), img.channel("A").values());
                double u = FarmTesting.maxDiff(refU.get(n), img.channel("facemat.uncertainty").values());
                maxA = Math.max(maxA, a);
                maxU = Math.max(maxU, u);
                if (n >= CHUNK) {
                    byOffset[n % CHUNK] = Math.max(byOffset[n % CHUNK], a);
                }
            }
            table.append(String.format(Locale.ROOT, "%d | %.6f | %.6f | %.6f %.6f %.6f %.6f %.6f%n", p, maxA, maxU,
                    byOffset[0], byOffset[1], byOffset[2], byOffset[4], byOffset[8]));
            System.out.print("PREROLL-CURVE " + table.substring(table.lastIndexOf("\n", table.length() - 2) + 1));
            FarmTesting.deleteTree(out);
        }
        System.out.println("PREROLL-CURVE (sample clip, 4 chunks of 25, float EXR)\n" + table);
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "facemat-preroll-curve.txt"), table);
        assertEquals(FRAMES, refA.size());
    }
}
