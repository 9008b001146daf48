package org.facemat.ofx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-frame time of the plug-in in melt and in NatronRenderer next to the command line, on the same frames of the
 * sample clip, in one run (alternating rounds, so the machine's drift hits all of them alike). A frame's time is
 * (time for N frames - time for 1 frame) / (N - 1): start-up (the host, the Java runtime, the model) drops out, the
 * host's decode and PNG encode stay in (the command line, {@code facemat render} in its own process, decodes the movie
 * and writes EXR); the same host renders without FaceMat give the host's own share. Not a timed unit test:
 * {@code mvn test -pl plugin -Dtest=OfxHostSpeedTest -Dfacemat.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class OfxHostSpeedTest {
    @Test
    void framesInTheHostsNextToTheCommandLine(@TempDir Path tmp) throws Exception {
        assumeTrue(Boolean.getBoolean("facemat.bench"), "a benchmark: run with -Dfacemat.bench=true");
        int n = Integer.getInteger("facemat.bench.frames", 40);
        int rounds = Integer.getInteger("facemat.bench.rounds", 3);
        Path clip = OfxTestHost.SAMPLE_CLIP;
        RealHosts.melt();
        RealHosts.natron();
        List<Double> melt = new ArrayList<>();
        List<Double> natron = new ArrayList<>();
        List<Double> cli = new ArrayList<>();
        List<Double> meltPlain = new ArrayList<>();
        List<Double> natronPlain = new ArrayList<>();
        List<Double> meltNode = new ArrayList<>();
        List<Double> natronNode = new ArrayList<>();
        Map<String, String> natronSettings = Map.of("FM_READ_SPACE", "raw", "FM_PARAMS", "colorSpace=1");
        for (int r = 0; r < rounds; r++) {
            Path d = tmp.resolve("r" + r);
            double[] m = new double[2];
            double[] t = new double[2];
            double[] c = new double[2];
            double[] mp = new double[2];
            double[] tp = new double[2];
            int[] counts = {1, n};
            for (int i = 0; i < 2; i++) {
                int k = counts[i];
                RealHosts.Run mr = RealHosts.melt(clip, k - 1, Map.of("frameRate", "25"), d.resolve("melt" + k),
                        RealHosts.pluginEnv(d, ""));
                assertEquals(0, mr.exit(), mr.output());
                assertEquals(k, mr.nodeRuns().size());
                m[i] = mr.seconds();
                RealHosts.Run nr = RealHosts.natron(clip, 1, k, natronSettings, d.resolve("natron" + k),
                        RealHosts.pluginEnv(d, ""));
                assertEquals(0, nr.exit(), nr.output());
                assertEquals(k, nr.nodeRuns().size());
                t[i] = nr.seconds();
                // the hosts alone: the same render without FaceMat
                RealHosts.Run mpr = RealHosts.melt(clip, k - 1, null, d.resolve("melt-plain" + k), Map.of());
                assertEquals(0, mpr.exit(), mpr.output());
                mp[i] = mpr.seconds();
                RealHosts.Run tpr = RealHosts.natron(clip, 1, k, Map.of("FM_READ_SPACE", "raw", "FM_FACEMAT", "0"),
                        d.resolve("natron-plain" + k), RealHosts.pluginEnv(d, ""));
                assertEquals(0, tpr.exit(), tpr.output());
                tp[i] = tpr.seconds();
                c[i] = commandLine(clip, k, d.resolve("cli" + k));
                if (k == n) {
                    mr.nodeRuns().stream().skip(3).forEach(x -> meltNode.add(x[1]));
                    nr.nodeRuns().stream().skip(3).forEach(x -> natronNode.add(x[1]));
                }
            }
            melt.add((m[1] - m[0]) / (n - 1) * 1000);
            natron.add((t[1] - t[0]) / (n - 1) * 1000);
            cli.add((c[1] - c[0]) / (n - 1) * 1000);
            meltPlain.add((mp[1] - mp[0]) / (n - 1) * 1000);
            natronPlain.add((tp[1] - tp[0]) / (n - 1) * 1000);
            System.out.printf("round %d: ms per frame: melt %.1f (without FaceMat %.1f), NatronRenderer %.1f (without "
                    + "FaceMat %.1f), command line %.1f%n", r, melt.get(r), meltPlain.get(r), natron.get(r),
                    natronPlain.get(r), cli.get(r));
        }
        List<Double> meltRatio = new ArrayList<>();
        List<Double> natronRatio = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            meltRatio.add(melt.get(r) / cli.get(r));
            natronRatio.add(natron.get(r) / cli.get(r));
        }
        System.out.printf("per-round ratios to the command line: melt %s, NatronRenderer %s; medians %.2f and %.2f%n",
                meltRatio, natronRatio, median(meltRatio), median(natronRatio));
        double cm = median(cli);
        System.out.printf("%d frames of 400x300, %d rounds, medians: command line %.1f ms/frame; melt %.1f ms/frame "
                + "(%.2fx); NatronRenderer %.1f ms/frame (%.2fx); the node inside melt %.1f ms, inside Natron %.1f ms%n",
                n, rounds, cm, median(melt), median(melt) / cm, median(natron), median(natron) / cm,
                median(meltNode), median(natronNode));
        double mf = median(melt) - median(meltPlain);
        double nf = median(natron) - median(natronPlain);
        System.out.printf("FaceMat's share of a host frame (with - without): melt %.1f ms (%.2fx the command line), "
                + "NatronRenderer %.1f ms (%.2fx)%n", mf, mf / cm, nf, nf / cm);
        Files.writeString(tmp.resolve("done"), "");
    }

    /**
     * Seconds for {@code facemat render} of the first k frames: the command line built in this tree (cli/target, as
     * {@code mvn package} leaves it) in its own process; without it, its renderer in this JVM.
     */
    private static double commandLine(Path clip, int k, Path out) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve("cli/target/facemat-cli.jar");
        if (!Files.isRegularFile(jar)) {
            long t0 = System.nanoTime();
            RealHosts.cli(clip, 0, k - 1, 0, out);
            return (System.nanoTime() - t0) / 1e9;
        }
        Files.createDirectories(out);
        RealHosts.Run r = RealHosts.run(List.of(Path.of(OfxTestHost.javaHome(), "bin", "java").toString(), "-cp",
                jar + ":" + root.resolve("cli/target/lib") + "/*", "org.facemat.cli.Main", "render", clip.toString(),
                "--frames", "0-" + (k - 1), "--out", out.resolve("ref.####.exr").toString(), "--log", "quiet"),
                Map.of(), root, false);
        assertEquals(0, r.exit(), r.output());
        return r.seconds();
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
