package org.facemat.train.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.facemat.train.data.FaceBox;

/**
 * The skin-coloured and worn occluders of one sample, all drawn up front (each null when not drawn): a hand, a
 * forearm, hair locks, glasses, and the skin look shared by hand and forearm. A real hand held against a face is
 * skin-coloured, so the network has to learn the hand's shape and shading, not "skin colour = face".
 *
 * <p>Rendering order, back to front: glasses, hair, then forearm and hand in one layer (the hand on top).
 */
record HandsHairGlasses(HandPlan hand, ForearmPlan forearm, HairStrands hair, GlassesFrame glasses, SkinLook look) {

    /**
     * Where the hand goes: palm centre at angle {@code theta}, {@code radius} x the skin box half-axes from its centre;
     * fingers toward the centre turned by {@code angleJitter}; palm width {@code palmFrac} x the skin box width; per
     * frame drift; optional motion blur of {@code blurPx} (pixels at a 256 px crop) along {@code blurAngle}.
     */
    record HandPlan(HandShape shape, double theta, double radius, double angleJitter, double palmFrac, boolean mirror,
            double[] dx, double[] dy, double[] dAngle, double blurPx, double blurAngle) {
    }

    /**
     * A forearm: a tapered capsule from beyond the frame edge {@code edge} (0 bottom, 1 left, 2 right) at
     * {@code along} (fraction of that edge) to the point (endU, endV) of the skin box (fractions, 0.5 = centre). A hand
     * always has its arm (straight, out of the picture); when a forearm is drawn with a hand, it bends that arm by
     * {@code bendDeg} and tapers it by {@code taper} instead.
     */
    record ForearmPlan(int edge, double along, double endU, double endV, double wristFrac, double taper,
            double bendDeg) {
    }

    static final double BLUR_PROB = 0.3;

    /** Draws the kinds whose probability in {@code cfg} comes up; null when none does. */
    static HandsHairGlasses draw(SynthConfig cfg, List<SynthPool.Faces> faces, int faceIndex, int item, int frames,
            SplittableRandom r) {
        boolean hand = r.nextDouble() < cfg.handProb();
        boolean arm = r.nextDouble() < cfg.forearmProb();
        boolean hair = r.nextDouble() < cfg.hairProb();
        boolean glasses = r.nextDouble() < cfg.glassesProb();
        if (!hand && !arm && !hair && !glasses) {
            return null;
        }
        HandPlan hp = hand ? drawHand(frames, cfg, r) : null;
        ForearmPlan fp = arm ? new ForearmPlan(r.nextDouble() < 0.6 ? 0 : 1 + r.nextInt(2), r.nextDouble(0.1, 0.9),
                r.nextDouble(0.1, 0.9), r.nextDouble(0.5, 1.2), r.nextDouble(0.16, 0.24), r.nextDouble(1.15, 1.4),
                r.nextDouble(-20, 20)) : null;
        HairStrands hs = hair ? HairStrands.draw(r) : null;
        GlassesFrame gf = glasses ? GlassesFrame.draw(r) : null;
        SkinLook look = hand || arm ? SkinLook.draw(faces, faceIndex, item, r) : null;
        return new HandsHairGlasses(hp, fp, hs, gf, look);
    }

    private static HandPlan drawHand(int n, SynthConfig cfg, SplittableRandom r) {
        HandShape shape = HandShape.draw(r);
        double theta = r.nextDouble(0, 2 * Math.PI);
        double radius = r.nextDouble(0.5, 1.5);
        double jitter = Math.toRadians(r.nextDouble(-35, 35));
        double palm = r.nextDouble(0.35, 0.6);
        boolean mirror = r.nextBoolean();
        double[] dx = new double[n];
        double[] dy = new double[n];
        double[] da = new double[n];
        for (int t = 1; t < n; t++) {
            dx[t] = r.nextGaussian() * cfg.driftShift();
            dy[t] = r.nextGaussian() * cfg.driftShift();
            da[t] = Math.toRadians(r.nextGaussian() * cfg.driftAngleDeg());
        }
        boolean blur = r.nextDouble() < BLUR_PROB;
        double blurPx = r.nextDouble(2, 12);
        double blurAngle = r.nextDouble(0, Math.PI);
        return new HandPlan(shape, theta, radius, jitter, palm, mirror, dx, dy, da, blur ? blurPx : 0, blurAngle);
    }

    /** The names of the drawn kinds, e.g. {@code hand:cap13#000120+hair}. */
    static String describe(HandsHairGlasses h, SkinSwatch swatch) {
        List<String> parts = new ArrayList<>();
        if (h.glasses() != null) {
            parts.add("glasses");
        }
        if (h.hair() != null) {
            parts.add("hair");
        }
        if (h.forearm() != null) {
            parts.add("forearm:" + swatch.source());
        }
        if (h.hand() != null) {
            parts.add("hand:" + swatch.source());
        }
        return String.join("+", parts);
    }

    /** Glasses, then hair, for frame {@code t}: they follow the face box of that frame. */
    void renderWorn(Layer layer, FaceBox box) {
        if (glasses != null) {
            glasses.render(layer, box);
        }
        if (hair != null) {
            hair.render(layer, box);
        }
    }

    /**
     * The forearm and the hand of frame {@code t} in one layer, around the skin box (centre fcx, fcy, half-axes rx,
     * ry, crop pixels); motion blur averages the body at up to 9 positions along the blur path.
     */
    Layer renderSkin(int t, int size, double fcx, double fcy, double rx, double ry, SkinLook.Paint paint) {
        List<SkinBody> bodies = new ArrayList<>();
        double scale = size / 256.0;
        double ox = fcx;
        double oy = fcy;
        double[] wrist = null;
        double handAngle = 0;
        if (hand != null) {
            double px = fcx + rx * hand.radius() * Math.cos(hand.theta());
            double py = fcy + ry * hand.radius() * Math.sin(hand.theta());
            double ang = Math.atan2(fcx - px, -(fcy - py)) + hand.angleJitter();
            for (int k = 1; k <= t; k++) {
                px += hand.dx()[k] * size;
                py += hand.dy()[k] * size;
                ang += hand.dAngle()[k];
            }
            double palmPx = hand.palmFrac() * 2 * rx;
            bodies.add(hand.shape().body(px, py, ang, palmPx, hand.mirror(), true));
            wrist = HandShape.wristEnd(px, py, ang, palmPx, hand.mirror());
            handAngle = ang;
            ox = px;
            oy = py;
        }
        if (hand != null) {
            // the arm continues the wrist away from the fingers, out of the picture (a wrist ending in mid-air
            // would be a shape no real picture shows); a drawn forearm plan bends and tapers it
            double dir = handAngle + Math.PI + Math.toRadians(forearm != null ? forearm.bendDeg() : 0);
            double wristR = 0.33 * hand.palmFrac() * 2 * rx;
            double ax = wrist[0] + 1.5 * size * Math.sin(dir);
            double ay = wrist[1] - 1.5 * size * Math.cos(dir);
            double taper = forearm != null ? forearm.taper() : 1.2;
            bodies.add(0, new SkinBody(List.of(new SkinBody.Capsule(ax, ay, wrist[0], wrist[1], wristR * taper, wristR,
                    false)), null));
        } else if (forearm != null) {
            // a forearm alone (its hand out of the picture): from beyond a frame edge to a point of the face
            double wristR = forearm.wristFrac() * 2 * rx;
            double bx = fcx + (forearm.endU() - 0.5) * 2 * rx;
            double by = fcy + (forearm.endV() - 0.5) * 2 * ry;
            double edge = 0.25 * size;
            double along = forearm.along() * size;
            double ax = forearm.edge() == 0 ? along : (forearm.edge() == 1 ? -edge : size + edge);
            double ay = forearm.edge() == 0 ? size + edge : along;
            ox = bx;
            oy = by;
            bodies.add(new SkinBody(List.of(new SkinBody.Capsule(ax, ay, bx, by, wristR * forearm.taper(), wristR,
                    false)), null));
        }
        double blur = hand != null ? hand.blurPx() * scale : 0;
        int steps = blur > 0.5 ? Math.min(9, (int) Math.ceil(blur) + 1) : 1;
        Layer[] parts = new Layer[steps];
        for (int s = 0; s < steps; s++) {
            double f = steps == 1 ? 0 : (double) s / (steps - 1) - 0.5;
            double sx = f * blur * Math.cos(hand == null ? 0 : hand.blurAngle());
            double sy = f * blur * Math.sin(hand == null ? 0 : hand.blurAngle());
            Layer l = new Layer(size);
            for (SkinBody b : bodies) {
                b.shifted(sx, sy).render(l, paint, ox + sx, oy + sy);
            }
            parts[s] = l;
        }
        return steps == 1 ? parts[0] : Layer.mean(parts);
    }
}
