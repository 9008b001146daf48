package org.facemat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.model.RecurrentState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code facemat bench}: the network's speed in ONNX Runtime (what the renderer and plugin run) next to the trainer's
 * DJL forward of the same weights, measured side by side in one run, states fed back from frame to frame.
 */
@Command(name = "bench", description = "Measure network speed: ONNX Runtime (CPU) next to the DJL forward of the "
        + "same weights, states fed back.")
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "<file.onnx>",
            description = "model file, or a shipped model's name (default: facemat-face)")
    Path model;

    @Option(names = "--frames", defaultValue = "20", description = "measured frames per configuration (default 20)")
    int frames;

    @Option(names = "--warmup", defaultValue = "3", description = "frames run before measuring (default 3)")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default 2)")
    int threads;

    @Option(names = "--size", split = ",", paramLabel = "WxH@ratio",
            description = "configurations (default 1920x1080@0.25,1280x720@0.4)")
    List<String> sizes = new ArrayList<>(List.of("1920x1080@0.25", "1280x720@0.4"));

    @Option(names = "--no-djl", description = "measure ONNX Runtime only")
    boolean noDjl;

    @Option(names = "--render", paramLabel = "<input>", description = "instead: end-to-end render of <input> to "
            + "OpenEXR (matte + uncertainty, half, ZIP) next to the network alone on the same frames")
    Path renderInput;

    @Option(names = "--faces", split = ",", paramLabel = "<input>", description = "instead: the face path next to "
            + "the whole-frame path on the first frames of each input, and the face models' cost per frame")
    List<Path> facesInputs;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path file = DefaultModel.resolve(model);
        if (facesInputs != null && !facesInputs.isEmpty()) {
            new FacesBench(file, facesInputs, frames, warmup, threads).run(out);
            return;
        }
        if (renderInput != null) {
            new PipelineBench(file, renderInput, frames, warmup, threads).run(out);
            return;
        }
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"));
        out.println("model:   " + file);
        out.println("| frame | ratio | working | ONNX Runtime ms (median) | ORT fps | DJL ms (median) | DJL fps | ORT speed-up |");
        out.println("|---|---|---|---|---|---|---|---|");
        ReferenceForward reference = noDjl ? null : ServiceLoader.load(ReferenceForward.class).findFirst().orElse(null);
        if (!noDjl && reference == null) {
            out.println("DJL:     not measured (the trainer, which holds it, is not installed with this command line)");
        }
        try (FaceMatModel ort = FaceMatModel.open(file, org.facemat.model.Device.CPU, threads, null);
             ReferenceForward.Runner net = reference == null ? null : reference.open(file)) {
            for (String s : sizes) {
                Config c = Config.parse(s);
                List<float[]> clip = SyntheticClip.frames(c.width, c.height, 8);
                double ortMs = median(timeOrt(ort, clip, c));
                String djlCols = "| - | - | - |";
                if (net != null) {
                    double djlMs = median(net.time(clip, c.height, c.width, c.ratio, warmup, frames));
                    djlCols = String.format("| %.1f | %.2f | %.2fx |", djlMs, 1000 / djlMs, djlMs / ortMs);
                }
                out.printf("| %dx%d | %s | %dx%d | %.1f | %.2f %s%n", c.width, c.height, c.ratio,
                        ModelContract.workingSize(c.width, c.ratio), ModelContract.workingSize(c.height, c.ratio),
                        ortMs, 1000 / ortMs, djlCols);
                out.flush();
            }
        } catch (ModelLoadException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        } catch (IOException | ai.onnxruntime.OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, file + ": " + e.getMessage());
        }
    }

    private double[] timeOrt(FaceMatModel ort, List<float[]> clip, Config c) throws ai.onnxruntime.OrtException {
        RecurrentState state = RecurrentState.zeros(ModelContract.workingSize(c.height, c.ratio),
                ModelContract.workingSize(c.width, c.ratio));
        double[] ms = new double[frames];
        for (int i = 0; i < warmup + frames; i++) {
            long t0 = System.nanoTime();
            ort.run(clip.get(i % clip.size()), c.height, c.width, c.ratio, state);
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private record Config(int width, int height, float ratio) {
        static Config parse(String s) {
            try {
                String[] at = s.split("@");
                String[] wh = at[0].split("x");
                return new Config(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), Float.parseFloat(at[1]));
            } catch (RuntimeException e) {
                throw new CliFailure(ExitCode.USAGE, "bad --size '" + s + "' (expected WxH@ratio, e.g. 1920x1080@0.25)");
            }
        }
    }
}
