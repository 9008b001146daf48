package org.facemat.media.exr;

import java.util.Random;

/** Deterministic test pictures. */
final class TestImages {

    private TestImages() {
    }

    /** A soft elliptical matte (1 inside, 0 outside) with slight noise on the edge, like a network's output. */
    static float[] matte(int w, int h, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[w * h];
        double cx = w * 0.5;
        double cy = h * 0.45;
        double rx = Math.max(1, w * 0.16);
        double ry = Math.max(1, h * 0.37);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - cx) / rx;
                double dy = (y - cy) / ry;
                double d = (Math.sqrt(dx * dx + dy * dy) - 1) * Math.min(rx, ry);
                double s = 1 / (1 + Math.exp(d / 3));
                s += rnd.nextGaussian() * 4e-3 * s * (1 - s);
                v[y * w + x] = (float) Math.min(1, Math.max(0, s));
            }
        }
        return v;
    }

    /** An uncertainty pass: small everywhere, larger along the matte's edge. */
    static float[] uncertainty(float[] matte, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[matte.length];
        for (int i = 0; i < v.length; i++) {
            double edge = matte[i] * (1 - matte[i]) * 4;
            v[i] = (float) (0.002 + 0.2 * edge + 1e-3 * rnd.nextDouble() * edge);
        }
        return v;
    }

    /** Values spread over many magnitudes and both signs, within the finite half range. */
    static float[] varied(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double magnitude = Math.pow(10, rnd.nextDouble() * 8 - 4); // 1e-4 .. 1e4
            v[i] = (float) (rnd.nextBoolean() ? magnitude : -magnitude);
        }
        return v;
    }

    /** A smooth gradient plate channel. */
    static float[] gradient(int w, int h, float scale) {
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = scale * (x + 0.5f) / w + 0.25f * y / h;
            }
        }
        return v;
    }
}
