package org.facemat.train.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.facemat.train.data.FaceBox;

/**
 * Locks of hair over the forehead (a fringe falling from the hairline) or down a cheek (from a temple): each lock a
 * bundle of thin curved strokes (quadratic curves) with soft, tapering alpha, in one hair colour. Positions are
 * fractions of the face box (u across, v down), so the locks follow the face from frame to frame. The per-strand
 * scatter comes from {@code strandSeed}, the same in every frame.
 *
 * @param colour     the hair colour (black, browns, auburn, blond, grey)
 * @param widthPx    stroke width at the root, in pixels at a 256 px crop
 * @param opacity    alpha at the middle of a stroke
 */
record HairStrands(List<Lock> locks, float[] colour, double widthPx, double opacity, long strandSeed) {

    /** Root, end and bend (control point) of a lock, fractions of the face box; {@code spread} too. */
    record Lock(double rootU, double rootV, double bendU, double bendV, double endU, double endV, int strands,
            double spread) {
    }

    static final float[][] COLOURS = {{0.05f, 0.04f, 0.04f}, {0.16f, 0.10f, 0.06f}, {0.30f, 0.20f, 0.11f},
        {0.42f, 0.20f, 0.09f}, {0.72f, 0.58f, 0.36f}, {0.60f, 0.58f, 0.56f}};
    static final int POINTS = 16;

    static HairStrands draw(SplittableRandom r) {
        int n = 1 + r.nextInt(3);
        List<Lock> locks = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double ru;
            double rv;
            double eu;
            double ev;
            if (r.nextDouble() < 0.6) {
                // a fringe: from the hairline down over the forehead, sometimes to the eyes
                ru = r.nextDouble(0.15, 0.85);
                rv = r.nextDouble(-0.08, 0.05);
                eu = ru + r.nextDouble(-0.3, 0.3);
                ev = r.nextDouble(0.2, 0.55);
            } else {
                // from a temple down the cheek
                boolean left = r.nextBoolean();
                ru = left ? r.nextDouble(0.0, 0.2) : r.nextDouble(0.8, 1.0);
                rv = r.nextDouble(0.0, 0.15);
                eu = ru + (left ? 1 : -1) * r.nextDouble(0.0, 0.2);
                ev = r.nextDouble(0.5, 0.95);
            }
            double bu = (ru + eu) / 2 + r.nextDouble(-0.25, 0.25);
            double bv = (rv + ev) / 2 + r.nextDouble(-0.1, 0.1);
            locks.add(new Lock(ru, rv, bu, bv, eu, ev, 12 + r.nextInt(40), r.nextDouble(0.02, 0.08)));
        }
        float[] base = COLOURS[r.nextInt(COLOURS.length)];
        float shade = (float) r.nextDouble(0.8, 1.2);
        float[] colour = {base[0] * shade, base[1] * shade, base[2] * shade};
        return new HairStrands(List.copyOf(locks), colour, r.nextDouble(0.7, 2.0), r.nextDouble(0.75, 1.0),
                r.nextLong());
    }

    /** Paints the locks into {@code layer} over the face box {@code box} (crop pixels). */
    void render(Layer layer, FaceBox box) {
        int size = layer.size;
        double scale = size / 256.0;
        SplittableRandom r = new SplittableRandom(strandSeed);
        double[] px = new double[POINTS + 1];
        double[] py = new double[POINTS + 1];
        for (Lock lock : locks) {
            for (int s = 0; s < lock.strands(); s++) {
                double sp = lock.spread() * box.w();
                double x0 = box.x() + lock.rootU() * box.w() + r.nextGaussian() * sp;
                double y0 = box.y() + lock.rootV() * box.h() + r.nextGaussian() * sp * 0.3;
                double x1 = box.x() + lock.bendU() * box.w() + r.nextGaussian() * sp;
                double y1 = box.y() + lock.bendV() * box.h() + r.nextGaussian() * sp * 0.5;
                double reach = r.nextDouble(0.75, 1.05);
                double x2 = box.x() + lock.endU() * box.w() + r.nextGaussian() * sp * 1.2;
                double y2 = box.y() + lock.endV() * box.h() + r.nextGaussian() * sp * 0.5;
                double w = widthPx * scale * r.nextDouble(0.6, 1.3);
                double a = opacity * r.nextDouble(0.6, 1.0);
                float f = (float) r.nextDouble(0.8, 1.2);
                for (int k = 0; k <= POINTS; k++) {
                    double t = reach * k / POINTS;
                    double m = 1 - t;
                    px[k] = m * m * x0 + 2 * m * t * x1 + t * t * x2;
                    py[k] = m * m * y0 + 2 * m * t * y1 + t * t * y2;
                }
                stroke(layer, px, py, w, a, colour[0] * f, colour[1] * f, colour[2] * f);
            }
        }
    }

    /** A tapering polyline: width {@code w} at the root, 40% of it at the tip, fading out over its last part. */
    private static void stroke(Layer layer, double[] px, double[] py, double w, double a, float r, float g, float b) {
        int size = layer.size;
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int k = 0; k < px.length; k++) {
            x0 = Math.min(x0, px[k]);
            y0 = Math.min(y0, py[k]);
            x1 = Math.max(x1, px[k]);
            y1 = Math.max(y1, py[k]);
        }
        int ix0 = Math.max(0, (int) Math.floor(x0 - w - 1));
        int iy0 = Math.max(0, (int) Math.floor(y0 - w - 1));
        int ix1 = Math.min(size - 1, (int) Math.ceil(x1 + w + 1));
        int iy1 = Math.min(size - 1, (int) Math.ceil(y1 + w + 1));
        int segs = px.length - 1;
        for (int y = iy0; y <= iy1; y++) {
            for (int x = ix0; x <= ix1; x++) {
                double cx = x + 0.5;
                double cy = y + 0.5;
                double best = Double.MAX_VALUE;
                double bestT = 0;
                for (int k = 0; k < segs; k++) {
                    double dx = px[k + 1] - px[k];
                    double dy = py[k + 1] - py[k];
                    double l2 = dx * dx + dy * dy;
                    double h = l2 > 0 ? Math.max(0, Math.min(1, ((cx - px[k]) * dx + (cy - py[k]) * dy) / l2)) : 0;
                    double d = Math.hypot(cx - px[k] - dx * h, cy - py[k] - dy * h);
                    if (d < best) {
                        best = d;
                        bestT = (k + h) / segs;
                    }
                }
                double width = w * (1 - 0.6 * bestT);
                double cover = Math.max(0, Math.min(1, width / 2 + 0.5 - best)) * Math.min(1, width);
                double fade = 1 - Math.pow(bestT, 6);
                layer.paint(y * size + x, (float) (cover * a * fade), r, g, b);
            }
        }
    }
}
