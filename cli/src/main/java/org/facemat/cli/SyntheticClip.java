package org.facemat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic moving test frames for benchmarks: a gradient, a skin-toned disc that drifts, and light noise. */
final class SyntheticClip {
    private SyntheticClip() {
    }

    static List<float[]> frames(int width, int height, int count) {
        List<float[]> out = new ArrayList<>(count);
        SplittableRandom rnd = new SplittableRandom(7);
        int plane = width * height;
        for (int f = 0; f < count; f++) {
            float[] rgb = new float[3 * plane];
            float cx = width * (0.4f + 0.02f * f);
            float cy = height * 0.45f;
            float r = height * 0.25f;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = y * width + x;
                    float dx = x - cx;
                    float dy = y - cy;
                    boolean inside = dx * dx + dy * dy < r * r;
                    float n = (float) (rnd.nextDouble() * 0.02);
                    rgb[i] = inside ? 0.85f + n : 0.2f + 0.5f * x / width + n;
                    rgb[plane + i] = inside ? 0.62f + n : 0.3f + 0.3f * y / height + n;
                    rgb[2 * plane + i] = inside ? 0.5f + n : 0.6f - 0.4f * x / width + n;
                }
            }
            out.add(rgb);
        }
        return out;
    }
}
