package org.facemat.train.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pose of a procedural hand, in units of the palm width, before it is placed: four fingers of three segments and a
 * thumb of three, on a rounded palm with a wrist. Each joint bends a little in the image plane ({@code bends}); a
 * finger's {@code curl} bends it toward the camera, which in the picture shortens its segments (and folds the last
 * ones back over the palm when it curls far).
 *
 * <p>Local frame: x to the right, y down, fingers point up (toward -y); the thumb is on the -x side.
 *
 * @param lengthScale  all finger and thumb lengths x this
 * @param widthScale   all finger and thumb radii x this
 * @param spreadDeg    angle between neighbouring fingers
 * @param splay        per finger, extra direction in degrees
 * @param curl         per finger, 0 = straight, 1 = a fist
 * @param bends        per finger and joint, in-plane bend in degrees
 * @param thumbOpenDeg how far the thumb stands off the palm
 * @param thumbBends   per thumb joint, bend toward the fingers in degrees
 * @param thumbCurl    0 = straight thumb, 0.4 = well bent
 */
record HandShape(double lengthScale, double widthScale, double spreadDeg, double[] splay, double[] curl,
        double[][] bends, double thumbOpenDeg, double[] thumbBends, double thumbCurl) {

    /** Where the fingers leave the palm (index, middle, ring, little). */
    static final double[][] FINGER_BASE = {{-0.37, -0.40}, {-0.125, -0.44}, {0.125, -0.42}, {0.36, -0.36}};
    static final double[] FINGER_LENGTH = {0.92, 1.02, 0.95, 0.74};
    static final double[] FINGER_RADIUS = {0.115, 0.12, 0.115, 0.1};
    /** Share of a finger's length per segment (proximal, middle, distal). */
    static final double[] SEGMENT = {0.46, 0.30, 0.24};
    /** Flex of each joint at curl 1, in degrees (knuckle, middle joint, last joint). */
    static final double[] FLEX_AT_FIST = {80, 100, 70};
    static final double[] THUMB_LENGTH = {0.42, 0.34, 0.28};
    static final double[][] THUMB_RADIUS = {{0.16, 0.14}, {0.135, 0.125}, {0.12, 0.10}};
    static final double[] THUMB_BASE = {-0.40, 0.22};
    /** Wrist: from inside the palm down to 1.5 palm widths below its centre. */
    static final double WRIST_END = 1.5;

    /** An open hand, fingers apart and straight (for tests and docs). */
    static HandShape open() {
        return new HandShape(1, 1, 14, new double[4], new double[4], new double[4][3], 30, new double[3], 0);
    }

    /** A random pose: mostly open or relaxed hands, sometimes half closed. */
    static HandShape draw(SplittableRandom r) {
        double lengthScale = r.nextDouble(0.9, 1.1);
        double widthScale = r.nextDouble(0.9, 1.15);
        double spread = r.nextDouble(2, 16);
        double pose = r.nextDouble();
        double curlMax = pose < 0.55 ? 0.2 : (pose < 0.85 ? 0.6 : 1.0);
        double[] splay = new double[4];
        double[] curl = new double[4];
        double[][] bends = new double[4][3];
        for (int f = 0; f < 4; f++) {
            splay[f] = r.nextDouble(-3, 3);
            curl[f] = r.nextDouble(0, curlMax);
            for (int j = 0; j < 3; j++) {
                bends[f][j] = r.nextDouble(-6, 6);
            }
        }
        double thumbOpen = r.nextDouble(5, 50);
        double[] thumbBends = {r.nextDouble(0, 18), r.nextDouble(0, 18), r.nextDouble(0, 18)};
        double thumbCurl = r.nextDouble(0, 0.4);
        return new HandShape(lengthScale, widthScale, spread, splay, curl, bends, thumbOpen, thumbBends, thumbCurl);
    }

    /**
     * The hand placed in the picture: palm centre at (cx, cy), local "up" turned by {@code angle} (radians, 0 = up,
     * clockwise), {@code palmPx} pixels per palm width, mirrored for the other hand. Without {@code fingers}, only
     * the palm and the wrist.
     */
    SkinBody body(double cx, double cy, double angle, double palmPx, boolean mirror, boolean fingers) {
        Placement p = new Placement(cx, cy, angle, palmPx, mirror);
        List<SkinBody.Capsule> caps = new ArrayList<>();
        caps.add(p.capsule(0, 0.35, 0, WRIST_END, 0.36, 0.33, false));
        if (fingers) {
            for (int f = 0; f < 4; f++) {
                double dir = (f - 1.3) * spreadDeg + splay[f];
                double x = FINGER_BASE[f][0];
                double y = FINGER_BASE[f][1];
                double flex = 0;
                double rad = FINGER_RADIUS[f] * widthScale;
                for (int k = 0; k < 3; k++) {
                    dir += bends[f][k];
                    flex += FLEX_AT_FIST[k] * curl[f];
                    double len = FINGER_LENGTH[f] * lengthScale * SEGMENT[k] * Math.cos(Math.toRadians(flex));
                    double nx = x + len * Math.sin(Math.toRadians(dir));
                    double ny = y - len * Math.cos(Math.toRadians(dir));
                    caps.add(p.capsule(x, y, nx, ny, rad * (1 - 0.07 * k), rad * (1 - 0.07 * (k + 1)), k > 0));
                    x = nx;
                    y = ny;
                }
            }
            double dir = -(40 + thumbOpenDeg);
            double x = THUMB_BASE[0];
            double y = THUMB_BASE[1];
            for (int k = 0; k < 3; k++) {
                dir += thumbBends[k];
                double flex = k == 0 ? 0 : 60 * thumbCurl * k;
                double len = THUMB_LENGTH[k] * lengthScale * Math.cos(Math.toRadians(flex));
                double nx = x + len * Math.sin(Math.toRadians(dir));
                double ny = y - len * Math.cos(Math.toRadians(dir));
                caps.add(p.capsule(x, y, nx, ny, THUMB_RADIUS[k][0] * widthScale, THUMB_RADIUS[k][1] * widthScale,
                        k > 0));
                x = nx;
                y = ny;
            }
        }
        double[] c = p.point(0, 0);
        return new SkinBody(caps, new SkinBody.Palm(c[0], c[1], Math.sin(angle), -Math.cos(angle), 0.5 * palmPx,
                0.52 * palmPx, 0.2 * palmPx));
    }

    /** Where the wrist leaves the hand, in pixels (a forearm continues from here). */
    static double[] wristEnd(double cx, double cy, double angle, double palmPx, boolean mirror) {
        return new Placement(cx, cy, angle, palmPx, mirror).point(0, WRIST_END);
    }

    /** Local hand units to picture pixels. */
    private record Placement(double cx, double cy, double angle, double scale, boolean mirror) {
        double[] point(double x, double y) {
            double lx = mirror ? -x : x;
            double cs = Math.cos(angle);
            double sn = Math.sin(angle);
            return new double[] {cx + scale * (cs * lx - sn * y), cy + scale * (sn * lx + cs * y)};
        }

        SkinBody.Capsule capsule(double ax, double ay, double bx, double by, double ra, double rb, boolean crease) {
            double[] a = point(ax, ay);
            double[] b = point(bx, by);
            return new SkinBody.Capsule(a[0], a[1], b[0], b[1], ra * scale, rb * scale, crease);
        }
    }
}
