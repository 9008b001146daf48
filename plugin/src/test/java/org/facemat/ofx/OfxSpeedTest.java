package org.facemat.ofx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.facemat.media.Frame;
import org.facemat.model.Device;
import org.facemat.model.FaceMatModel;
import org.facemat.node.MatteNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-frame time inside the test host next to the node's time: (1) paired, the node's time inside the same render
 * call (the plug-in logs it), which cancels the drift of a shared machine; (2) the node alone in this JVM on the same
 * frames, in alternating rounds. Not a timed unit test: run it with
 * {@code mvn test -pl plugin -am -Dtest=OfxSpeedTest -Dfacemat.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OfxSpeedTest {
    static final int WARM_UP = 3;

    @Test
    void hostFrameTimeNextToTheNode(@TempDir Path tmp) throws Exception {
        assumeTrue(Boolean.getBoolean("facemat.bench"), "a benchmark: run with -Dfacemat.bench=true");
        OfxTestHost.requireBuilt();
        int count = Integer.getInteger("facemat.bench.frames", 30);
        int rounds = Integer.getInteger("facemat.bench.rounds", 3);
        for (int scale : new int[] {1, 2}) {
            List<Frame> frames = scaled(OfxTestHost.sampleFrames(count), scale);
            int w = frames.get(0).width();
            int h = frames.get(0).height();
            Path dir = tmp.resolve("frames" + scale);
            OfxTestHost.writeFrames(frames, dir);
            List<Double> host = new ArrayList<>();
            List<Double> inside = new ArrayList<>();
            List<Double> node = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                OfxTestHost.Report rep = OfxTestHost.run("bench", dir, w, h, count, tmp.resolve("out" + scale + r),
                        Map.of());
                for (String line : rep.values("render")) {
                    String[] f = line.split("\\|");
                    if (Integer.parseInt(f[1]) >= WARM_UP) {
                        host.add(Double.parseDouble(f[3]));
                    }
                }
                for (String line : java.nio.file.Files.readAllLines(tmp.resolve("out" + scale + r)
                        .resolve("host-stderr.txt"))) {
                    if (line.startsWith("facemat-ofx-timing ")) {
                        String[] f = line.split("[ =]");
                        if (Integer.parseInt(f[2]) >= WARM_UP) {
                            inside.add(Double.parseDouble(f[4]));
                        }
                    }
                }
                node.addAll(nodeTimes(frames, w, h));
            }
            double im = median(inside);
            double hm = median(host);
            double nm = median(node);
            System.out.printf("OpenFX speed %dx%d: host render %.1f ms/frame (median of %d); node inside those renders "
                    + "%.1f ms, host / node = %.3f; node alone in the test JVM %.1f ms (median of %d), host / node "
                    + "alone = %.3f%n", w, h, hm, host.size(), im, hm / im, nm, node.size(), hm / nm);
        }
    }

    private static List<Double> nodeTimes(List<Frame> frames, int w, int h) throws Exception {
        List<Double> out = new ArrayList<>();
        try (FaceMatModel m = FaceMatModel.open(OfxPluginTest.shippedModel(), Device.AUTO, OfxInstance.THREADS,
                null)) {
            MatteNode node = OfxPluginTest.faceNode(m);
            for (int n = 0; n < frames.size(); n++) {
                long t0 = System.nanoTime();
                node.process(frames.get(n).rgb(), h, w, n);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (n >= WARM_UP) {
                    out.add(ms);
                }
            }
        }
        return out;
    }

    /** Nearest-neighbour enlargement by {@code k} (a larger frame with the same content). */
    private static List<Frame> scaled(List<Frame> frames, int k) {
        if (k == 1) {
            return frames;
        }
        List<Frame> out = new ArrayList<>();
        for (Frame f : frames) {
            int w = f.width() * k;
            int h = f.height() * k;
            float[] rgb = new float[3 * w * h];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        rgb[c * w * h + y * w + x] = f.get(c, x / k, y / k);
                    }
                }
            }
            out.add(new Frame(f.number(), w, h, rgb));
        }
        return out;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
