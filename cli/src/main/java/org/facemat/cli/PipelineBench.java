package org.facemat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;
import org.facemat.model.Device;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.model.RecurrentState;
import org.facemat.render.PassSpec;
import org.facemat.render.RenderException;
import org.facemat.render.RenderListener;
import org.facemat.render.RenderSettings;
import org.facemat.render.RenderSummary;
import org.facemat.render.Renderer;

/**
 * End-to-end render speed (decode, network, EXR write) next to the network alone on the same frames, in one run;
 * and the process's peak resident memory, to show it does not grow with the clip's length.
 */
final class PipelineBench {
    private final Path model;
    private final Path input;
    private final int frames;
    private final int warmup;
    private final int threads;

    PipelineBench(Path model, Path input, int frames, int warmup, int threads) {
        this.model = model;
        this.input = input;
        this.frames = frames;
        this.warmup = warmup;
        this.threads = threads;
    }

    void run(PrintWriter out) {
        Path tmp = null;
        try (FaceMatModel m = FaceMatModel.open(model, Device.CPU, threads, null)) {
            tmp = Files.createTempDirectory("facemat-bench");
            List<Frame> ring = new ArrayList<>();
            int w;
            int h;
            long count;
            try (FrameSource src = FrameSource.open(input)) {
                w = src.width();
                h = src.height();
                count = Math.min(frames, src.frameCount());
                for (int i = 0; i < Math.min(8, count); i++) {
                    ring.add(src.read(src.firstFrameNumber() + i).copy());
                }
            }
            float ratio = m.recommendedRatio(h, w);
            // the network alone: the same model, ratio and frame size, frames already decoded
            RecurrentState state = RecurrentState.zeros(ModelContract.workingSize(h, ratio),
                    ModelContract.workingSize(w, ratio));
            for (int i = 0; i < warmup; i++) {
                m.run(ring.get(i % ring.size()).rgb(), h, w, ratio, state);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                m.run(ring.get(i % ring.size()).rgb(), h, w, ratio, state);
            }
            double networkFps = count / ((System.nanoTime() - t0) / 1e9);
            ring.clear();
            // end to end: decode -> network -> EXR, the render command's pipeline
            String pattern = tmp.resolve("bench.####.exr").toString();
            RenderSettings s = new RenderSettings(input, null, (long) count - 1, 0, ratio, RenderSettings.OnError.STOP,
                    false, List.of(PassSpec.fromPath(pattern)));
            RenderSummary r = new Renderer(m).render(s, new RenderListener() { });
            double e2eFps = r.written() / r.seconds();
            out.printf("input:        %s (%dx%d), %d frames, ratio %s, %d threads%n", input, w, h, count, ratio, threads);
            out.printf("network only: %.2f fps%n", networkFps);
            out.printf("end to end:   %.2f fps (decode + network + EXR half ZIP), %.0f%% of the network alone%n", e2eFps,
                    100 * e2eFps / networkFps);
            out.printf("peak memory:  %s (VmHWM)%n", peakRss());
        } catch (ModelLoadException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        } catch (MediaException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        } catch (RenderException e) {
            throw new CliFailure(ExitCode.INTERNAL, e.getMessage());
        } catch (IOException | ai.onnxruntime.OrtException e) {
            throw new CliFailure(ExitCode.INTERNAL, e.getMessage());
        } finally {
            delete(tmp);
        }
    }

    /** Peak resident set size of this process, from Linux's /proc. */
    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
