package org.facemat.cli;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.facemat.model.Device;
import org.facemat.model.ExecutionProviders;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ShippedModels;
import org.facemat.render.Preset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code facemat doctor}: what this machine can run, and why a GPU provider is not available. */
@Command(name = "doctor", description = "Report Java, FFmpeg, ONNX Runtime, the execution providers that work here "
        + "(and why the others do not), the default model and the presets.")
final class DoctorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        boolean ok = true;
        Runtime rt = Runtime.getRuntime();
        out.printf("java:      %s %s (%s), %d cores, max heap %d MB%n", System.getProperty("java.vm.vendor"),
                System.getProperty("java.version"), System.getProperty("os.arch"), rt.availableProcessors(),
                rt.maxMemory() >> 20);
        try {
            out.println("ffmpeg:    " + org.bytedeco.ffmpeg.global.avutil.av_version_info().getString()
                    + " (libavcodec " + version(org.bytedeco.ffmpeg.global.avcodec.avcodec_version()) + ")");
        } catch (Throwable t) {
            ok = false;
            out.println("ffmpeg:    NOT AVAILABLE: " + t);
        }
        try {
            out.println("onnxrt:    " + OrtEnvironment.getEnvironment().getVersion() + ", providers compiled in: "
                    + ExecutionProviders.compiledIn());
            // a provider counts as available only when a session of the default model is created on it
            Path probe = ShippedModels.defaultIn(DefaultModel.folder());
            for (Device d : new Device[] {Device.TENSORRT, Device.CUDA, Device.CPU}) {
                String name = d.name().toLowerCase(java.util.Locale.ROOT);
                long t0 = System.nanoTime();
                try (FaceMatModel m = FaceMatModel.open(probe, d, 1, null)) {
                    String got = m.provider().provider();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    out.println("  " + name + ": " + (got.equals(name)
                            ? "available (a session of " + probe.getFileName() + " created in " + ms + " ms)"
                            : "unavailable: " + String.join("; ", m.provider().notes()) + " (a session falls back to "
                                    + got + ")"));
                } catch (Exception e) {
                    ok &= d != Device.CPU;
                    out.println("  " + name + ": unavailable: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                }
            }
        } catch (Throwable t) {
            ok = false;
            out.println("onnxrt:    NOT AVAILABLE: " + t);
        }
        try {
            Path model = DefaultModel.path();
            try (FaceMatModel m = FaceMatModel.open(model)) {
                out.println("model:     " + model + " (" + m.metadata().get("facemat.model_name") + " "
                        + m.metadata().get("facemat.model_version") + ", contract OK)");
            }
        } catch (CliFailure e) {
            ok = false;
            out.println("model:     " + e.getMessage());
        } catch (Exception e) {
            ok = false;
            out.println("model:     " + e.getMessage());
        }
        try {
            out.println("presets:   " + Preset.list(RenderCommand.presetDir()) + " in " + RenderCommand.presetDir());
        } catch (java.io.IOException e) {
            out.println("presets:   " + e.getMessage());
        }
        out.println(ok ? "ok: this machine can render (on the CPU at least)" : "problems found (see above)");
        if (!ok) {
            throw new CliFailure(ExitCode.INTERNAL, "doctor found problems");
        }
    }

    private static String version(int v) {
        return (v >> 16) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }
}
