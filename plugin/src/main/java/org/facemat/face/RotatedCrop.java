package org.facemat.face;

/**
 * Samples the mesh input from the frame: for each crop pixel centre, the frame point under it (see
 * {@link CropTransform}), read bilinearly between pixel centres. Outside the frame the crop is black (zero), so a
 * face at the frame edge keeps its scale and position in the crop instead of being stretched.
 */
final class RotatedCrop {
    private RotatedCrop() {
    }

    static float[] sample(float[] rgb, int height, int width, CropTransform t, int size) {
        float[] out = new float[3 * size * size];
        float s = t.side() / size;
        float cos = (float) Math.cos(t.angle()) * s;
        float sin = (float) Math.sin(t.angle()) * s;
        int plane = height * width;
        int outPlane = size * size;
        for (int v = 0; v < size; v++) {
            float dv = v + 0.5f - 0.5f * size;
            for (int u = 0; u < size; u++) {
                float du = u + 0.5f - 0.5f * size;
                // continuous frame point, then into pixel-centre index space
                float x = t.centreX() + cos * du - sin * dv - 0.5f;
                float y = t.centreY() + sin * du + cos * dv - 0.5f;
                int x0 = (int) Math.floor(x);
                int y0 = (int) Math.floor(y);
                float fx = x - x0;
                float fy = y - y0;
                int o = v * size + u;
                for (int c = 0; c < 3; c++) {
                    int base = c * plane;
                    float top = lerp(at(rgb, base, width, height, x0, y0), at(rgb, base, width, height, x0 + 1, y0), fx);
                    float bottom = lerp(at(rgb, base, width, height, x0, y0 + 1),
                            at(rgb, base, width, height, x0 + 1, y0 + 1), fx);
                    out[c * outPlane + o] = lerp(top, bottom, fy);
                }
            }
        }
        return out;
    }

    private static float at(float[] rgb, int base, int width, int height, int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? 0f : rgb[base + y * width + x];
    }

    private static float lerp(float a, float b, float f) {
        return a + (b - a) * f;
    }
}
