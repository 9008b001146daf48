package org.facemat.ofx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.facemat.media.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle itself: what it exports, and how it fails in a host without a Java runtime. */
class OfxBundleTest {

    @Test
    void exportsOnlyTheOpenFxEntryPoints() throws Exception {
        OfxTestHost.requireBuilt();
        Process p;
        try {
            p = new ProcessBuilder("nm", "-D", "--defined-only", OfxTestHost.BUNDLE_LIBRARY.toString()).start();
        } catch (java.io.IOException e) {
            String reason = "SKIPPED: nm (binutils) is not installed";
            System.err.println(reason);
            assumeTrue(false, reason);
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        TreeSet<String> symbols = new TreeSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && !f[1].equalsIgnoreCase("A")) {
                symbols.add(f[2]);
            }
        }
        assertEquals(new TreeSet<>(List.of("OfxGetNumberOfPlugins", "OfxGetPlugin", "OfxSetHost")), symbols);
    }

    @Test
    void noJavaRuntimeIsAnErrorMessageNotACrash(@TempDir Path tmp) throws Exception {
        OfxTestHost.requireBuilt();
        List<Frame> frames = OfxTestHost.sampleFrames(1);
        OfxTestHost.writeFrames(frames, tmp.resolve("frames"));
        OfxTestHost.Report r = OfxTestHost.run("nojava", tmp.resolve("frames"), frames.get(0).width(),
                frames.get(0).height(), 1, tmp.resolve("out"), Map.of("JAVA_HOME", tmp.resolve("no-java").toString(),
                        "OFX_PLUGIN_PATH", OfxTestHost.bundleWithoutRuntime(tmp.resolve("plugins")).toString()));
        assertEquals(0, r.exitCode(), r.lines().toString());
        assertEquals("0", r.value("describe"), "describing needs no Java runtime");
        assertEquals("nojava|1", r.value("create"), "creating the instance fails with kOfxStatFailed");
        List<String> errors = new ArrayList<>(r.values("message"));
        assertTrue(errors.stream().anyMatch(m -> m.startsWith("OfxMessageError|no Java runtime:")
                && m.contains("JAVA_HOME")), errors.toString());
        assertEquals("0", r.value("jvm_after_describe"));
        assertEquals("1", r.value("done"), "the host went on: " + r.lines());
    }

    /** MLT makes an instance per frame unless the plug-in is Unsafe: the state would never carry there. */
    @Test
    void mltGetsUnsafeSoOneInstanceKeepsItsState(@TempDir Path tmp) throws Exception {
        OfxTestHost.requireBuilt();
        List<Frame> frames = OfxTestHost.sampleFrames(1);
        OfxTestHost.writeFrames(frames, tmp.resolve("frames"));
        OfxTestHost.Report r = OfxTestHost.run("nojava", tmp.resolve("frames"), frames.get(0).width(),
                frames.get(0).height(), 1, tmp.resolve("out"), Map.of("FACEMAT_TEST_HOST_NAME", "MLT",
                        "JAVA_HOME", tmp.resolve("no-java").toString(),
                        "OFX_PLUGIN_PATH", OfxTestHost.bundleWithoutRuntime(tmp.resolve("plugins")).toString()));
        assertEquals("OfxImageEffectRenderUnsafe", r.value("describe_thread_safety"));
    }
}
