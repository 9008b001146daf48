package org.facemat.train.synth;

/**
 * A small piece of real skin (planar RGB) that a skin-coloured occluder is painted with: repeated with mirroring, so
 * any area can be covered without seams, and toned down toward its mean colour by {@code detail} so a nostril or a
 * pore pattern in the piece does not print as a repeated feature.
 *
 * @param source where it was cut, e.g. {@code cap13#000123} or {@code skin-patches@(412,80)}
 * @param faceWidth the face-box width of the face it was cut from, in the piece's pixels (how big its pores are
 *                  relative to a face), or NaN when unknown
 */
record SkinSwatch(String source, int width, int height, float[] rgb, double faceWidth) {

    /** Skin tones from light to dark, for when there is neither another face nor the patch sheet. */
    static final float[][] TONES = {{0.93f, 0.78f, 0.69f}, {0.85f, 0.66f, 0.53f}, {0.75f, 0.55f, 0.42f},
        {0.60f, 0.42f, 0.30f}, {0.45f, 0.31f, 0.22f}, {0.30f, 0.20f, 0.15f}};

    /** A flat piece of tone {@code u} in [0,1) of {@link #TONES}. */
    static SkinSwatch flat(double u) {
        float[] t = TONES[Math.min(TONES.length - 1, (int) (u * TONES.length))];
        return new SkinSwatch("tone" + (int) (u * TONES.length), 1, 1, t.clone(), Double.NaN);
    }

    /** The {@code cw x ch} piece at (x0, y0) of a planar RGB image of {@code w x h}. */
    static SkinSwatch cut(String source, float[] img, int w, int h, int x0, int y0, int cw, int ch, double faceWidth) {
        float[] rgb = new float[3 * cw * ch];
        int n = w * h;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(img, c * n + (y0 + y) * w + x0, rgb, c * cw * ch + y * cw, cw);
            }
        }
        return new SkinSwatch(source, cw, ch, rgb, faceWidth);
    }

    float[] mean() {
        int n = width * height;
        float[] m = new float[3];
        for (int c = 0; c < 3; c++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += rgb[c * n + i];
            }
            m[c] = (float) (s / n);
        }
        return m;
    }

    static float luma(float[] c) {
        return 0.299f * c[0] + 0.587f * c[1] + 0.114f * c[2];
    }

    /** Variance of the luma: a smooth piece of cheek scores low, a nose or a lip line high. */
    double lumaVariance() {
        int n = width * height;
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double l = 0.299 * rgb[i] + 0.587 * rgb[n + i] + 0.114 * rgb[2 * n + i];
            s += l;
            s2 += l * l;
        }
        double m = s / n;
        return s2 / n - m * m;
    }

    /** Channel {@code c} at continuous (x, y), bilinear, repeated with mirroring in both directions. */
    float at(int c, double x, double y) {
        double fx = x - 0.5;
        double fy = y - 0.5;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        float ax = (float) (fx - x0);
        float ay = (float) (fy - y0);
        int o = c * width * height;
        int xa = mirror(x0, width);
        int xb = mirror(x0 + 1, width);
        int ya = mirror(y0, height) * width;
        int yb = mirror(y0 + 1, height) * width;
        float top = rgb[o + ya + xa] * (1 - ax) + rgb[o + ya + xb] * ax;
        float bot = rgb[o + yb + xa] * (1 - ax) + rgb[o + yb + xb] * ax;
        return top * (1 - ay) + bot * ay;
    }

    /**
     * Whether the mean colour looks like skin: red above green above blue, red share 0.36-0.6 of the sum (lips,
     * shadows under a nose in purple, and grey pieces of the collage fail).
     */
    boolean skinLike() {
        float[] m = mean();
        float sum = m[0] + m[1] + m[2];
        if (sum <= 0.05f) {
            return false;
        }
        float r = m[0] / sum;
        return m[0] > m[1] && m[1] >= m[2] * 0.95f && r >= 0.36f && r <= 0.6f;
    }

    private static int mirror(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
