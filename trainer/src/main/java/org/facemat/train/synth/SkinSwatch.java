package org.facemat.train.synth;

import org.facemat.image.Bilinear;
import org.facemat.image.Planar;

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
    SkinSwatch {
        Planar.check(3, width, height, rgb);
    }

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
        return new SkinSwatch(source, cw, ch, Planar.window(img, 3, w, h, x0, y0, cw, ch, false), faceWidth);
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
        return Bilinear.mixMirror(rgb, c * width * height, width, height, x - 0.5, y - 0.5);
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
}
