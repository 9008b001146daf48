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

    /** Channel {@code c} at continuous (x, y), repeated with mirroring in both directions (nearest pixel). */
    float at(int c, double x, double y) {
        return rgb[c * width * height + mirror(y, height) * width + mirror(x, width)];
    }

    private static int mirror(double v, int n) {
        int i = (int) Math.floor(v);
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
