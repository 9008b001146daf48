package org.facemat.train.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.facemat.cli.ReferenceForward;
import org.facemat.net.weights.OnnxWeights;
import org.facemat.train.net.FaceMatForward;
import org.facemat.train.net.FaceMatNetwork;

/** The trainer's DJL forward pass, timed by {@code facemat bench} beside ONNX Runtime. */
public final class DjlForward implements ReferenceForward {
    @Override
    public String name() {
        return "DJL";
    }

    @Override
    public Runner open(Path model) throws IOException {
        NDManager manager = NDManager.newBaseManager();
        try {
            FaceMatNetwork net = FaceMatNetwork.forWeights(manager, OnnxWeights.read(model)); // with its prior input
            return new Runner() {
                @Override
                public double[] time(List<float[]> clip, int height, int width, float ratio, int warmup, int frames) {
                    double[] ms = new double[frames];
                    try (FaceMatForward fwd = new FaceMatForward(net, ratio)) {
                        for (int i = 0; i < warmup + frames; i++) {
                            long t0 = System.nanoTime();
                            fwd.next(clip.get(i % clip.size()), height, width);
                            if (i >= warmup) {
                                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
                            }
                        }
                    }
                    return ms;
                }

                @Override
                public void close() {
                    manager.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
