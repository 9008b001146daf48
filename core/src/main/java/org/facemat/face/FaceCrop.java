package org.facemat.face;

import org.facemat.image.Bilinear;

/**
 * A square crop of a frame, as a similarity transform: centre and side in frame pixels (continuous convention), and a
 * rotation (radians, counter-clockwise in the image as seen, y down). Pixel (u, v) of an n x n crop has its centre at
 * frame point {@code centre + side/n * R(angle) * (u + 0.5 - n/2, v + 0.5 - n/2)}.
 */
public record FaceCrop(double cx, double cy, double side, double angle) {

    /** Matting crops: side over the landmarks' longer extent, the middle of the range the network trained on. */
    public static final double MARGIN = 1.75;
    /** Mesh crops: side over the face's size, the margin the face mesh was trained with. */
    public static final double MESH_MARGIN = 1.5;

    /** What a crop holds where it reaches outside the frame. */
    public enum Outside {
        /** The frame's edge pixels, repeated: black would draw an edge the matting network may take for an occluder. */
        EDGE,
        /** Zero: a face at the frame's edge keeps its scale and place in the mesh's crop, as the mesh was driven. */
        BLACK
    }

    /**
     * The crop around a face's landmarks, {@link #MARGIN} x their longer extent: centred on their box, upright, or with
     * {@code rotate} turned so the eye line is level and the box measured in that turned frame.
     */
    public static FaceCrop around(Landmarks l, boolean rotate) {
        return around(l, rotate, MARGIN);
    }

    /**
     * The crop around a face's landmarks with a given margin; the angle (with {@code rotate}) is that of the line from
     * the outer corner of the person's right eye (33) to the left one (263).
     */
    public static FaceCrop around(Landmarks l, boolean rotate, double margin) {
        double angle = 0;
        if (rotate) {
            double dx = l.x(Landmarks.LEFT_EYE_OUTER) - l.x(Landmarks.RIGHT_EYE_OUTER);
            double dy = l.y(Landmarks.LEFT_EYE_OUTER) - l.y(Landmarks.RIGHT_EYE_OUTER);
            angle = Math.atan2(dy, dx);
        }
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double u0 = Double.MAX_VALUE;
        double v0 = Double.MAX_VALUE;
        double u1 = -Double.MAX_VALUE;
        double v1 = -Double.MAX_VALUE;
        for (int i = 0; i < Landmarks.COUNT; i++) {
            double x = l.x(i);
            double y = l.y(i);
            double u = x * cos + y * sin; // into the turned frame: R(-angle) p
            double v = -x * sin + y * cos;
            u0 = Math.min(u0, u);
            u1 = Math.max(u1, u);
            v0 = Math.min(v0, v);
            v1 = Math.max(v1, v);
        }
        double cu = 0.5 * (u0 + u1);
        double cv = 0.5 * (v0 + v1);
        double side = margin * Math.max(u1 - u0, v1 - v0);
        return new FaceCrop(cu * cos - cv * sin, cu * sin + cv * cos, side, angle);
    }

    /**
     * The mesh's first crop of a face just detected: centred on the box, {@link #MESH_MARGIN} x its larger edge, the
     * angle of the line between the two eye keypoints.
     */
    public static FaceCrop ofDetection(Detection d) {
        float[] k = d.keypoints();
        double angle = Math.atan2(k[3] - k[1], k[2] - k[0]);
        return new FaceCrop(d.centreX(), d.centreY(), MESH_MARGIN * Math.max(d.width(), d.height()), angle);
    }

    /** Frame x of the crop point (u, v) (continuous crop coordinates) of an n x n crop. */
    public double frameX(double u, double v, int n) {
        double s = side / n;
        return cx + ((u - 0.5 * n) * Math.cos(angle) - (v - 0.5 * n) * Math.sin(angle)) * s;
    }

    /** Frame y of the crop point (u, v) of an n x n crop. */
    public double frameY(double u, double v, int n) {
        double s = side / n;
        return cy + ((u - 0.5 * n) * Math.sin(angle) + (v - 0.5 * n) * Math.cos(angle)) * s;
    }

    /** The landmarks in the pixels of this crop sampled at n x n (same continuous convention). */
    public Landmarks toCrop(Landmarks l, int n) {
        double inv = n / side;
        double cos = Math.cos(angle) * inv;
        double sin = Math.sin(angle) * inv;
        float[] p = new float[3 * Landmarks.COUNT];
        for (int i = 0; i < Landmarks.COUNT; i++) {
            double dx = l.x(i) - cx;
            double dy = l.y(i) - cy;
            p[3 * i] = (float) (dx * cos + dy * sin + n / 2.0);
            p[3 * i + 1] = (float) (-dx * sin + dy * cos + n / 2.0);
            p[3 * i + 2] = (float) (l.points()[3 * i + 2] * inv);
        }
        return new Landmarks(p, l.flag());
    }

    /** The crop's corners in frame pixels: x0, y0, x1, y1 of the box holding the turned square. */
    public double[] bounds() {
        double h = 0.5 * side * (Math.abs(Math.cos(angle)) + Math.abs(Math.sin(angle)));
        return new double[] {cx - h, cy - h, cx + h, cy + h};
    }

    /**
     * Samples the crop from a planar image ({@code channels} planes of height x width) at n x n, bilinear, the edge
     * pixels repeated outside the frame (black would draw an edge the network may take for an occluder).
     */
    public float[] sample(float[] planes, int channels, int height, int width, int n) {
        return sample(planes, channels, height, width, n, Outside.EDGE);
    }

    /** Samples the crop at n x n, bilinear between pixel centres, with {@code outside} beyond the frame. */
    public float[] sample(float[] planes, int channels, int height, int width, int n, Outside outside) {
        float[] out = new float[channels * n * n];
        double s = side / n;
        double cos = Math.cos(angle) * s;
        double sin = Math.sin(angle) * s;
        double half = n / 2.0;
        for (int v = 0; v < n; v++) {
            double dv = v + 0.5 - half;
            for (int u = 0; u < n; u++) {
                double du = u + 0.5 - half;
                // frame point, then to pixel-centre coordinates (centres at integers)
                double x = cx + du * cos - dv * sin - 0.5;
                double y = cy + du * sin + dv * cos - 0.5;
                if (outside == Outside.BLACK) {
                    Bilinear.zero(planes, channels, width, height, x, y, out, v * n + u, n * n);
                } else {
                    Bilinear.edge(planes, channels, width, height, x, y, out, v * n + u, n * n);
                }
            }
        }
        return out;
    }

    /**
     * Warps an n x n crop's matte back into the frame and merges it: each frame pixel the crop covers takes the larger
     * of what it holds and the crop's value times a weight that falls from 1 to 0 over the outer {@code feather}
     * fraction of the crop (so a face's crop border leaves no seam, and overlapping faces keep the stronger matte).
     * Uncertainty follows the same rule.
     */
    public void pasteMax(float[] alpha, float[] uncertainty, int n, float[] frameAlpha, float[] frameUncertainty,
                         int height, int width, double feather) {
        double[] b = bounds();
        int xa = Math.max(0, (int) Math.floor(b[0]));
        int ya = Math.max(0, (int) Math.floor(b[1]));
        int xb = Math.min(width - 1, (int) Math.ceil(b[2]));
        int yb = Math.min(height - 1, (int) Math.ceil(b[3]));
        double inv = n / side;
        double cos = Math.cos(angle) * inv;
        double sin = Math.sin(angle) * inv;
        double half = n / 2.0;
        double ramp = Math.max(1e-6, feather * n);
        for (int y = ya; y <= yb; y++) {
            double dy = y + 0.5 - cy;
            for (int x = xa; x <= xb; x++) {
                double dx = x + 0.5 - cx;
                double u = dx * cos + dy * sin + half; // continuous crop coordinates, edges at 0 and n
                double v = -dx * sin + dy * cos + half;
                if (u <= 0 || v <= 0 || u >= n || v >= n) {
                    continue;
                }
                double edge = Math.min(Math.min(u, n - u), Math.min(v, n - v));
                float weight = (float) Math.min(1.0, edge / ramp);
                int i = y * width + x;
                float a = weight * Bilinear.edge(alpha, 0, n, n, u - 0.5, v - 0.5);
                if (a > frameAlpha[i]) {
                    frameAlpha[i] = a;
                }
                float s = weight * Bilinear.edge(uncertainty, 0, n, n, u - 0.5, v - 0.5);
                if (s > frameUncertainty[i]) {
                    frameUncertainty[i] = s;
                }
            }
        }
    }
}
