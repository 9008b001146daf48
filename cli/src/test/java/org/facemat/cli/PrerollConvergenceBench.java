package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.model.Device;
import org.facemat.model.FaceMatModel;
import org.facemat.node.MatteNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How fast a chunk's recurrent state converges to the continuous one: the sample clip's frames through the node (the
 * code the renderer runs) from frame 0, then from S - P for chunk starts S = 25, 50, 75 and several P; prints the
 * largest alpha difference over the first frames of the chunk, over the whole picture and without the bottom rows.
 * Runs only with {@code -Dfacemat.bench=true}.
 */
@EnabledIfSystemProperty(named = "facemat.bench", matches = "true")
class PrerollConvergenceBench {
    static final int[] PREROLLS = {0, 1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 75};
    static final int[] STARTS = {25, 50, 75};
    static final int AFTER = 25;

    @Test
    void convergence() throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (FrameSource src = FrameSource.open(Harness.sample())) {
            for (long n = 0; n < 100; n++) {
                Frame f = n == 0 ? src.read(0) : src.next();
                frames.add(new Frame(f.number(), f.width(), f.height(), f.rgb().clone()));
            }
        }
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        StringBuilder t = new StringBuilder("P | S | max alpha diff in S..S+" + (AFTER - 1)
                + " | at frame | at row | max without the bottom 8 rows | max uncertainty diff\n");
        // -Dfacemat.bench.model=<file.onnx> measures another model (the curve is a property of the weights)
        String other = System.getProperty("facemat.bench.model");
        try (FaceMatModel m = FaceMatModel.open(other != null ? Path.of(other) : Harness.model(), Device.CPU, 2,
                null)) {
            List<float[]> refA = new ArrayList<>();
            List<float[]> refU = new ArrayList<>();
            MatteNode node = new MatteNode(m, null);
            for (Frame f : frames) {
                var out = node.process(f.rgb(), h, w, f.number());
                refA.add(out.alpha());
                refU.add(out.uncertainty());
            }
            for (int p : PREROLLS) {
                for (int s : STARTS) {
                    if (p > s) {
                        continue;
                    }
                    MatteNode chunk = new MatteNode(m, null);
                    double max = 0;
                    double maxInner = 0;
                    double maxU = 0;
                    int atFrame = -1;
                    int atRow = -1;
                    for (int n = s - p; n < s + AFTER && n < 100; n++) {
                        var out = chunk.process(frames.get(n).rgb(), h, w, n);
                        if (n < s) {
                            continue;
                        }
                        float[] a = out.alpha();
                        float[] r = refA.get(n);
                        for (int i = 0; i < a.length; i++) {
                            double d = Math.abs(a[i] - r[i]);
                            if (d > max) {
                                max = d;
                                atFrame = n;
                                atRow = i / w;
                            }
                            if (i / w < h - 8) {
                                maxInner = Math.max(maxInner, d);
                            }
                        }
                        maxU = Math.max(maxU, FarmTesting.maxDiff(out.uncertainty(), refU.get(n)));
                    }
                    String line = String.format(Locale.ROOT, "%d | %d | %.6f | %d | %d | %.6f | %.6f%n", p, s, max,
                            atFrame, atRow, maxInner, maxU);
                    System.out.print("CONVERGENCE " + line);
                    t.append(line);
                }
            }
        }
        System.out.println(t);
        Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "facemat-preroll-convergence.txt"), t);
        assertEquals(100, frames.size());
    }
}
