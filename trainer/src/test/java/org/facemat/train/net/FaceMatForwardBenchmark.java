package org.facemat.train.net;

import ai.djl.ndarray.NDManager;
import org.facemat.image.HalfPixelBilinear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Rough per-frame timing of the DJL forward at 1920x1080, ratio 0.25 (weights do not matter for speed).
 * Not part of the normal test run: {@code mvn test -Dtest=FaceMatForwardBenchmark -Dfacemat.bench=true}.
 */
@EnabledIfSystemProperty(named = "facemat.bench", matches = "true")
class FaceMatForwardBenchmark {

    @Test
    void timeFullHdAtQuarterRatio() {
        int height = 1080;
        int width = 1920;
        float ratio = 0.25f;
        int frames = Integer.getInteger("facemat.bench.frames", 20);
        float[] src = HalfPixelResizeTest.random(3 * height * width, 1);
        try (NDManager manager = NDManager.newBaseManager();
             FaceMatForward forward = new FaceMatForward(FaceMatNetwork.create(manager), ratio)) {
            for (int i = 0; i < 3; i++) {
                forward.next(src, height, width); // warm-up
            }
            long[] ns = new long[frames];
            for (int i = 0; i < frames; i++) {
                long t0 = System.nanoTime();
                forward.next(src, height, width);
                ns[i] = System.nanoTime() - t0;
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                HalfPixelBilinear.resize(src, 3, height, width, 270, 480);
            }
            double downMs = (System.nanoTime() - t0) / 1e6 / frames;
            java.util.Arrays.sort(ns);
            System.out.printf("FaceMatForward 1920x1080 ratio 0.25: median %.1f ms/frame (min %.1f, max %.1f, %d frames),"
                    + " of which HalfPixelBilinear %.1f ms; %d threads%n", ns[frames / 2] / 1e6, ns[0] / 1e6,
                    ns[frames - 1] / 1e6, frames, downMs, Runtime.getRuntime().availableProcessors());
        }
    }
}
