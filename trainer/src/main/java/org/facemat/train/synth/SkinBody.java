package org.facemat.train.synth;

import java.util.List;

/**
 * A hand or an arm as shapes in crop pixels: tapered capsules (finger segments, wrist, forearm) and at most one
 * rounded box (the palm). The silhouette is the union (minimum of the signed distances), its edge an anti-aliased ramp
 * of {@code soft} pixels; inside it is painted with a {@link SkinLook}: each part shaded as a rounded solid under a
 * directional light, a little darker at the silhouette and in the joint creases.
 */
record SkinBody(List<Capsule> capsules, Palm palm) {

    /**
     * A capsule from a to b with radius ra at a and rb at b; {@code crease} darkens a thin band across it at a (a
     * finger joint).
     */
    record Capsule(double ax, double ay, double bx, double by, double ra, double rb, boolean crease) {
    }

    /** A rounded box centred at (cx, cy) whose height runs along the unit vector (ux, uy). */
    record Palm(double cx, double cy, double ux, double uy, double halfW, double halfH, double corner) {
    }

    /** Signed distance in pixels (negative inside) and the shading normal of the nearest part. */
    private record Hit(double d, double nx, double ny, double nz, double crease) {
    }

    private Hit hit(double x, double y) {
        double best = Double.MAX_VALUE;
        double nx = 0;
        double ny = 0;
        double crease = 0;
        double depth = 1;
        for (Capsule c : capsules) {
            double bax = c.bx() - c.ax();
            double bay = c.by() - c.ay();
            double len2 = bax * bax + bay * bay;
            double px = x - c.ax();
            double py = y - c.ay();
            double h = len2 > 0 ? Math.max(0, Math.min(1, (px * bax + py * bay) / len2)) : 0;
            double qx = px - bax * h;
            double qy = py - bay * h;
            double dist = Math.hypot(qx, qy);
            double r = c.ra() + (c.rb() - c.ra()) * h;
            double d = dist - r;
            if (d < best) {
                best = d;
                double l = Math.min(1, dist / r);
                nx = dist > 0 ? qx / dist * l : 0;
                ny = dist > 0 ? qy / dist * l : 0;
                depth = Math.sqrt(Math.max(0, 1 - l * l));
                // distance along the axis from the joint at a, in radii
                double along = Math.sqrt(len2) * h / c.ra();
                crease = c.crease() ? Math.exp(-along * along / 0.02) : 0;
            }
        }
        if (palm != null) {
            double px = x - palm.cx();
            double py = y - palm.cy();
            double lx = px * -palm.uy() + py * palm.ux();
            double ly = px * palm.ux() + py * palm.uy();
            double qx = Math.abs(lx) - (palm.halfW() - palm.corner());
            double qy = Math.abs(ly) - (palm.halfH() - palm.corner());
            double d = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - palm.corner();
            if (d < best) {
                best = d;
                // a flat dome: the back of a hand is flatter than a finger
                double ex = 0.6 * Math.max(-1, Math.min(1, lx / palm.halfW()));
                double ey = 0.6 * Math.max(-1, Math.min(1, ly / palm.halfH()));
                nx = ex * -palm.uy() + ey * palm.ux();
                ny = ex * palm.ux() + ey * palm.uy();
                depth = Math.sqrt(Math.max(0, 1 - nx * nx - ny * ny));
                crease = 0;
            }
        }
        return new Hit(best, nx, ny, depth, crease);
    }

    /** Coverage at pixel centre (x, y) with an edge ramp of {@code soft} pixels: 1 inside, 0 outside. */
    double coverage(double x, double y, double soft) {
        return Math.max(0, Math.min(1, 0.5 - hit(x, y).d() / soft));
    }

    /** The pixel box the shapes cover, grown by {@code pad}: {x0, y0, x1, y1}. */
    double[] bounds(double pad) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (Capsule c : capsules) {
            double r = Math.max(c.ra(), c.rb());
            x0 = Math.min(x0, Math.min(c.ax(), c.bx()) - r);
            y0 = Math.min(y0, Math.min(c.ay(), c.by()) - r);
            x1 = Math.max(x1, Math.max(c.ax(), c.bx()) + r);
            y1 = Math.max(y1, Math.max(c.ay(), c.by()) + r);
        }
        if (palm != null) {
            double r = Math.hypot(palm.halfW(), palm.halfH());
            x0 = Math.min(x0, palm.cx() - r);
            y0 = Math.min(y0, palm.cy() - r);
            x1 = Math.max(x1, palm.cx() + r);
            y1 = Math.max(y1, palm.cy() + r);
        }
        return new double[] {x0 - pad, y0 - pad, x1 + pad, y1 + pad};
    }

    /** The same shapes moved by (dx, dy). */
    SkinBody shifted(double dx, double dy) {
        List<Capsule> caps = capsules.stream().map(c -> new Capsule(c.ax() + dx, c.ay() + dy, c.bx() + dx, c.by() + dy,
                c.ra(), c.rb(), c.crease())).toList();
        Palm p = palm == null ? null : new Palm(palm.cx() + dx, palm.cy() + dy, palm.ux(), palm.uy(), palm.halfW(),
                palm.halfH(), palm.corner());
        return new SkinBody(caps, p);
    }

    /**
     * Paints the body into {@code layer}. The texture is anchored at (ox, oy) so it moves with the body; the light's
     * image-plane direction also tilts the brightness across the whole body (the side toward the light is brighter).
     */
    void render(Layer layer, SkinLook.Paint look, double ox, double oy) {
        int size = layer.size;
        double[] b = bounds(2 + look.soft());
        int x0 = Math.max(0, (int) Math.floor(b[0]));
        int y0 = Math.max(0, (int) Math.floor(b[1]));
        int x1 = Math.min(size - 1, (int) Math.ceil(b[2]));
        int y1 = Math.min(size - 1, (int) Math.ceil(b[3]));
        double cx = (b[0] + b[2]) / 2;
        double cy = (b[1] + b[3]) / 2;
        double extent = Math.max(1, Math.hypot(b[2] - b[0], b[3] - b[1]) / 2);
        float[] mean = look.swatch().mean();
        float[] rgb = new float[3];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5;
                double py = y + 0.5;
                Hit h = hit(px, py);
                float a = (float) Math.max(0, Math.min(1, 0.5 - h.d() / look.soft()));
                if (a <= 0) {
                    continue;
                }
                double lambert = Math.max(0, h.nx() * look.lx() + h.ny() * look.ly() + h.nz() * look.lz());
                double shade = look.ambient() + (1 - look.ambient()) * lambert;
                double gradient = 1 + look.gradient() * ((px - cx) * look.lx() + (py - cy) * look.ly()) / extent;
                double rim = 1 - look.rimDarkening() * Math.exp(-Math.max(0, -h.d()) / look.rimWidth());
                double crease = 1 - 0.22 * h.crease();
                double f = shade * gradient * rim * crease;
                for (int c = 0; c < 3; c++) {
                    double t = look.swatch().at(c, (px - ox) / look.zoom(), (py - oy) / look.zoom());
                    double v = (mean[c] + look.detail() * (t - mean[c])) * look.gain()[c] * f;
                    rgb[c] = (float) Math.max(0, Math.min(1, v));
                }
                layer.paint(y * size + x, a, rgb[0], rgb[1], rgb[2]);
            }
        }
    }
}
