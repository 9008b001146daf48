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
import org.facemat.render.Renderer;

/**
 * End-to-end render speed (decode, network, EXR write) next to the network alone on the same frames, in one run;
 * and the process's peak resident memory, to show it does not grow with the clip's length.
 */
final class PipelineBench {
    /** Frames per alternating chunk. */
    static final int CHUNK = 25;

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
            int w;
            int h;
            long first;
            long count;
            try (FrameSource src = FrameSource.open(input)) {
                w = src.width();
                h = src.height();
                first = src.firstFrameNumber();
                count = Math.min(frames, src.frameCount());
            }
            float ratio = m.recommendedRatio(h, w);
            String pattern = tmp.resolve("bench.####.exr").toString();
            Renderer renderer = new Renderer(m);
            // warm up both paths
            renderer.render(new RenderSettings(input, first, first + warmup - 1, 0, ratio, RenderSettings.OnError.STOP,
                    false, List.of(PassSpec.fromPath(pattern))), new RenderListener() { });
            // The machine's speed drifts within minutes, so the two are measured in alternating chunks of the same
            // frames and summed: the network alone on decoded frames, then the render pipeline on them.
            double networkSeconds = 0;
            double e2eSeconds = 0;
            for (long c = first; c < first + count; c += CHUNK) {
                long last = Math.min(c + CHUNK, first + count) - 1;
                List<Frame> decoded = new ArrayList<>();
                try (FrameSource src = FrameSource.open(input)) {
                    for (long n = c; n <= last; n++) {
                        Frame f = src.read(n);
                        decoded.add(new Frame(n, f.width(), f.height(),
                                org.facemat.media.ColorSpace.AUTO.toNetwork(f)));
                    }
                }
                RecurrentState state = RecurrentState.zeros(ModelContract.workingSize(h, ratio),
                        ModelContract.workingSize(w, ratio));
                long t0 = System.nanoTime();
                for (Frame f : decoded) {
                    m.run(f.rgb(), h, w, ratio, state);
                }
                networkSeconds += (System.nanoTime() - t0) / 1e9;
                decoded.clear();
                long t1 = System.nanoTime();
                renderer.render(new RenderSettings(input, c, last, 0, ratio, RenderSettings.OnError.STOP, false,
                        List.of(PassSpec.fromPath(pattern))), new RenderListener() { });
                e2eSeconds += (System.nanoTime() - t1) / 1e9;
            }
            double networkFps = count / networkSeconds;
            double e2eFps = count / e2eSeconds;
            out.printf("input:        %s (%dx%d), %d frames, ratio %s, %d threads%n", input, w, h, count, ratio, threads);
            out.printf("network only: %.2f fps%n", networkFps);
            out.printf("end to end:   %.2f fps (decode + network + EXR half ZIP), %.0f%% of the network alone%n", e2eFps,
                    100 * e2eFps / networkFps);
            out.printf("peak memory:  %s (VmHWM, this process; holds a chunk of decoded frames for the comparison)%n",
                    peakRss());
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
