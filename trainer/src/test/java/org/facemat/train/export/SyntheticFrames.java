package org.facemat.train.export;

/** Deterministic NCHW test frames: a gradient background with a bright ellipse that moves with {@code t}. */
final class SyntheticFrames {
    private SyntheticFrames() {
    }

    static float[] frame(int h, int w, int t) {
        float[] v = new float[3 * h * w];
        int plane = h * w;
        double cx = w * (0.45 + 0.01 * t);
        double cy = h * 0.5;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - cx) / (w * 0.18);
                double dy = (y - cy) / (h * 0.3);
                boolean inside = dx * dx + dy * dy < 1;
                int i = y * w + x;
                v[i] = inside ? 0.85f : (float) x / w * 0.6f;
                v[plane + i] = inside ? 0.62f : (float) y / h * 0.5f + ((x / 16 + y / 16) % 2) * 0.1f;
                v[2 * plane + i] = inside ? 0.5f : 0.3f;
            }
        }
        return v;
    }
}
