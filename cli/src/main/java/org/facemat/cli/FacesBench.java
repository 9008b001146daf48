package org.facemat.cli;

import ai.onnxruntime.OrtException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.facemat.face.FaceLocator;
import org.facemat.face.FaceModels;
import org.facemat.face.FaceTracker;
import org.facemat.face.Landmarks;
import org.facemat.face.ShippedFaceModels;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;
import org.facemat.model.Device;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelLoadException;
import org.facemat.node.AlignedMatting;
import org.facemat.node.MatteNode;

/**
 * The face path next to the whole-frame path on the same decoded frames, in one run: each frame goes through both
 * nodes one after the other, so machine load falls on both alike. Also the face models' own cost per frame: the
 * detector on the whole frame, and one mesh pass per face.
 */
final class FacesBench {
    private final Path model;
    private final List<Path> inputs;
    private final int frames;
    private final int warmup;
    private final int threads;

    FacesBench(Path model, List<Path> inputs, int frames, int warmup, int threads) {
        this.model = model;
        this.inputs = inputs;
        this.frames = frames;
        this.warmup = warmup;
        this.threads = threads;
    }

    void run(PrintWriter out) {
        out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "; model " + model.getFileName() + ", " + threads + " threads, "
                + frames + " frames after " + warmup + " warm-up frames, medians");
        out.println("| input | frame | faces | whole frame ms | face path ms | face path / whole frame "
                + "| detector ms | mesh ms per face |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Path input : inputs) {
            try {
                row(out, input);
            } catch (MediaException e) {
                throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
            } catch (ModelLoadException e) {
                throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
            } catch (OrtException e) {
                throw new CliFailure(ExitCode.MODEL_ERROR, model + ": " + e.getMessage());
            }
            out.flush();
        }
    }

    private void row(PrintWriter out, Path input) throws MediaException, ModelLoadException, OrtException {
        List<Frame> clip = new ArrayList<>();
        double fps;
        try (FrameSource src = FrameSource.open(input)) {
            fps = src.frameRate().fps();
            Frame f = src.read(src.firstFrameNumber());
            for (int i = 0; i < warmup + frames && f != null; i++) {
                // the network's input, made once, so that the timings below are the node's alone
                clip.add(new Frame(f.number(), f.width(), f.height(), org.facemat.media.ColorSpace.AUTO.toNetwork(f)));
                f = src.next();
            }
        }
        if (clip.size() < warmup + frames) {
            throw new MediaException(input, "has " + clip.size() + " frames, the bench needs " + (warmup + frames));
        }
        int w = clip.get(0).width();
        int h = clip.get(0).height();
        FaceModels faceModels = FaceModels.in(DefaultModel.folder());
        double[] whole = new double[frames];
        double[] aligned = new double[frames];
        double[] detect = new double[frames];
        double[] mesh = new double[frames];
        int faces = 0;
        try (FaceMatModel m = FaceMatModel.open(model, Device.CPU, threads, null);
             FaceLocator probe = ShippedFaceModels.open(faceModels, m)) {
            MatteNode wholeNode = new MatteNode(m, null);
            MatteNode faceNode = new MatteNode(m, null, AlignedMatting.open(m, DefaultModel.folder(),
                    FaceTracker.Settings.DEFAULT), fps);
            try {
                for (int i = 0; i < clip.size(); i++) {
                    Frame f = clip.get(i);
                    long t0 = System.nanoTime();
                    wholeNode.process(f.rgb(), h, w, i);
                    long t1 = System.nanoTime();
                    faceNode.process(f.rgb(), h, w, i);
                    long t2 = System.nanoTime();
                    List<Landmarks> found = new ArrayList<>();
                    for (var t : faceNode.lastFaces().faces().tracks()) {
                        found.add(t.landmarks());
                    }
                    long t3 = System.nanoTime();
                    probe.detect(f.rgb(), h, w);
                    long t4 = System.nanoTime();
                    for (Landmarks l : found) {
                        probe.fromLandmarks(f.rgb(), h, w, l);
                    }
                    long t5 = System.nanoTime();
                    if (i >= warmup) {
                        int k = i - warmup;
                        whole[k] = (t1 - t0) / 1e6;
                        aligned[k] = (t2 - t1) / 1e6;
                        detect[k] = (t4 - t3) / 1e6;
                        mesh[k] = found.isEmpty() ? 0 : (t5 - t4) / 1e6 / found.size();
                        faces = Math.max(faces, found.size());
                    }
                }
            } finally {
                faceNode.closeFaces();
            }
        }
        double wm = median(whole);
        double am = median(aligned);
        out.printf(Locale.ROOT, "| %s | %dx%d | %d | %.1f | %.1f | %.2f | %.1f | %.1f |%n", input.getFileName(), w, h,
                faces, wm, am, am / wm, median(detect), median(mesh));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
