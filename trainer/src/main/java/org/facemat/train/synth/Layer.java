package org.facemat.train.synth;

/**
 * One occluder layer of one frame, {@code size x size}: straight alpha and colour premultiplied by it (three planes).
 * Shapes are added front to back with {@link #paint}; the finished layer goes over what is behind it with
 * {@link #over}, so the composite alpha stays {@code 1 - prod(1 - a_i)} and the ground truth keeps its formula.
 */
final class Layer {
    final int size;
    final float[] alpha;
    final float[] premul;

    Layer(int size) {
        this.size = size;
        this.alpha = new float[size * size];
        this.premul = new float[3 * size * size];
    }

    /** Puts a paint of coverage {@code a} and colour (r, g, b) on top of this layer's pixel {@code i}. */
    void paint(int i, float a, float r, float g, float b) {
        if (a <= 0) {
            return;
        }
        int n = size * size;
        float keep = 1f - a;
        premul[i] = a * r + premul[i] * keep;
        premul[n + i] = a * g + premul[n + i] * keep;
        premul[2 * n + i] = a * b + premul[2 * n + i] * keep;
        alpha[i] = a + alpha[i] * keep;
    }

    /** Composites this layer in front of (alpha, premul), in place. */
    void over(float[] backAlpha, float[] backPremul) {
        int n = size * size;
        for (int i = 0; i < n; i++) {
            float a = alpha[i];
            if (a <= 0) {
                continue;
            }
            float keep = 1f - a;
            for (int c = 0; c < 3; c++) {
                backPremul[c * n + i] = premul[c * n + i] + backPremul[c * n + i] * keep;
            }
            backAlpha[i] = Math.min(1f, a + backAlpha[i] * keep);
        }
    }

    /** The average of several layers (motion blur: the same shape at positions along its path). */
    static Layer mean(Layer[] parts) {
        Layer out = new Layer(parts[0].size);
        float w = 1f / parts.length;
        for (Layer p : parts) {
            for (int i = 0; i < out.alpha.length; i++) {
                out.alpha[i] += p.alpha[i] * w;
            }
            for (int i = 0; i < out.premul.length; i++) {
                out.premul[i] += p.premul[i] * w;
            }
        }
        return out;
    }
}
