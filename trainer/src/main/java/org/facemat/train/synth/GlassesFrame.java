package org.facemat.train.synth;

import java.util.SplittableRandom;
import org.facemat.train.data.FaceBox;

/**
 * A pair of glasses on the eye line: two lens rims (superellipses, from ellipse to rounded rectangle), a bridge and
 * two temple arms running to the sides of the face, thin dark or metal strokes. Placed with the face box: the eye line
 * at {@code eyeV} (about 40%) of the box height, the lens centres {@code sepU} of the box width apart. Lenses are
 * clear (alpha 0: the skin behind a clear lens stays skin) or, as sunglasses, tinted with partial alpha.
 *
 * @param lensU      lens half width, fraction of the face-box width
 * @param aspect     lens half height / half width
 * @param exponent   superellipse exponent (2 = ellipse, larger = squarer)
 * @param thickU     rim thickness, fraction of the face-box width
 * @param rollDeg    the frame's tilt
 * @param metal      a thin light metal rim with a highlight rather than a dark plastic one
 * @param tintAlpha  sunglasses: lens alpha (0 = clear lens)
 * @param bridgeLift bridge height above the lens centres, fraction of the lens half height
 */
record GlassesFrame(double eyeV, double sepU, double lensU, double aspect, double exponent, double thickU,
        double rollDeg, float[] colour, boolean metal, float tintAlpha, float[] tintColour, double bridgeLift) {

    static final float[][] PLASTIC = {{0.04f, 0.04f, 0.04f}, {0.18f, 0.10f, 0.06f}, {0.30f, 0.18f, 0.10f},
        {0.10f, 0.10f, 0.16f}};
    static final float[][] METAL = {{0.70f, 0.70f, 0.72f}, {0.72f, 0.60f, 0.32f}, {0.35f, 0.35f, 0.37f}};
    static final double SUNGLASSES = 0.15;

    static GlassesFrame draw(SplittableRandom r) {
        boolean metal = r.nextDouble() < 0.4;
        float[][] palette = metal ? METAL : PLASTIC;
        float[] colour = palette[r.nextInt(palette.length)];
        boolean sun = r.nextDouble() < SUNGLASSES;
        float tintAlpha = (float) r.nextDouble(0.55, 0.9);
        float g = (float) r.nextDouble(0.02, 0.2);
        float[] tint = {g, g * (float) r.nextDouble(0.8, 1.1), g * (float) r.nextDouble(0.7, 1.1)};
        double thick = metal ? r.nextDouble(0.008, 0.016) : r.nextDouble(0.014, 0.03);
        return new GlassesFrame(r.nextDouble(0.37, 0.43), r.nextDouble(0.40, 0.47), r.nextDouble(0.13, 0.18),
                r.nextDouble(0.55, 0.85), r.nextDouble(2, 5), thick, r.nextDouble(-4, 4), colour, metal,
                sun ? tintAlpha : 0f, tint, r.nextDouble(0.1, 0.5));
    }

    /** Paints the glasses into {@code layer} for the face box {@code box} (crop pixels). */
    void render(Layer layer, FaceBox box) {
        int size = layer.size;
        double cx = box.centerX();
        double cy = box.y() + eyeV * box.h();
        double a = lensU * box.w();
        double b = a * aspect;
        double half = sepU * box.w() / 2;
        double t = Math.max(0.8, thickU * box.w());
        double roll = Math.toRadians(rollDeg);
        double cs = Math.cos(roll);
        double sn = Math.sin(roll);
        // temple arms run from the outer rims to just beyond the face box sides
        double armOut = 0.58 * box.w();
        double armY = -0.35 * b;
        double reach = Math.max(armOut, half + a) + t + 2;
        int x0 = Math.max(0, (int) Math.floor(cx - reach - b));
        int x1 = Math.min(size - 1, (int) Math.ceil(cx + reach + b));
        int y0 = Math.max(0, (int) Math.floor(cy - reach));
        int y1 = Math.min(size - 1, (int) Math.ceil(cy + reach));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double vx = x + 0.5 - cx;
                double vy = y + 0.5 - cy;
                double u = cs * vx + sn * vy;
                double v = -sn * vx + cs * vy;
                // the nearer lens
                double lu = Math.abs(u) - half;
                double d = superellipse(lu, v, a, b, exponent);
                int i = y * size + x;
                if (tintAlpha > 0) {
                    float in = (float) Math.max(0, Math.min(1, 0.5 - d));
                    layer.paint(i, in * tintAlpha, tintColour[0], tintColour[1], tintColour[2]);
                }
                double stroke = Math.abs(d) - t / 2;
                double bridgeY = -bridgeLift * b;
                double bridgeHalf = Math.max(0, half - a * 0.92);
                stroke = Math.min(stroke, segment(u, v, -bridgeHalf, bridgeY, bridgeHalf, bridgeY) - t / 2);
                double au = Math.abs(u);
                double arm = segment(au, v, half + a * 0.97, armY, armOut, armY + 0.04 * box.h()) - 0.4 * t;
                stroke = Math.min(stroke, arm);
                float cover = (float) Math.max(0, Math.min(1, 0.5 - stroke));
                if (cover > 0) {
                    // metal catches the light on its upper side
                    float lit = metal ? (v < 0 ? 1.25f : 0.8f) : 1f;
                    layer.paint(i, cover, Math.min(1f, colour[0] * lit), Math.min(1f, colour[1] * lit),
                            Math.min(1f, colour[2] * lit));
                }
            }
        }
    }

    /** Approximate signed distance to the superellipse |u/a|^n + |v/b|^n = 1 (its level value over its slope). */
    static double superellipse(double u, double v, double a, double b, double n) {
        double xa = Math.abs(u) / a;
        double yb = Math.abs(v) / b;
        double s = Math.pow(xa, n) + Math.pow(yb, n);
        if (s <= 0) {
            return -Math.min(a, b);
        }
        double f = Math.pow(s, 1 / n);
        double k = Math.pow(f, 1 - n);
        double gx = k * Math.pow(xa, n - 1) / a;
        double gy = k * Math.pow(yb, n - 1) / b;
        double g = Math.hypot(gx, gy);
        return g > 1e-9 ? (f - 1) / g : -Math.min(a, b);
    }

    /** Distance from (x, y) to the segment (ax, ay)-(bx, by). */
    static double segment(double x, double y, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double l2 = dx * dx + dy * dy;
        double h = l2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
        return Math.hypot(x - ax - dx * h, y - ay - dy * h);
    }
}
