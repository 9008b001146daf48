package org.facemat.face;

/**
 * The square, rotated region of the frame the face mesh looks at, in frame pixels (continuous convention). Crop
 * coordinates (u, v) run over [0, size) of the mesh input; the crop's x axis follows the eye line, so a point
 * {@code (u, v)} of the crop is the frame point {@code centre + R(angle) * ((u, v) - size / 2) * side / size}.
 *
 * @param centreX centre of the square, frame pixels
 * @param centreY centre of the square
 * @param side    side of the square, frame pixels
 * @param angle   roll of the face in radians: the angle of the eye line (person's right eye to left eye) from the
 *                frame's x axis, positive clockwise on screen (y points down)
 */
public record CropTransform(float centreX, float centreY, float side, float angle) {
    /** Crop side over face size: the margin the mesh was trained with. */
    public static final float MARGIN = 1.5f;

    /**
     * The first crop of a face: centred on the detection box, side 1.5 x its larger edge, angle from the two eye
     * keypoints.
     */
    public static CropTransform of(Detection d) {
        float[] k = d.keypoints();
        float angle = (float) Math.atan2(k[3] - k[1], k[2] - k[0]);
        return new CropTransform(d.centreX(), d.centreY(), MARGIN * Math.max(d.width(), d.height()), angle);
    }

    /**
     * The crop that follows a face from its landmarks: angle from the outer eye corners (33, 263); the landmarks'
     * extent measured along and across that line; side 1.5 x the larger extent, centred on the extent's middle.
     */
    public static CropTransform of(Landmarks l) {
        int r = Landmarks.RIGHT_EYE_OUTER;
        int e = Landmarks.LEFT_EYE_OUTER;
        double angle = Math.atan2(l.y(e) - l.y(r), l.x(e) - l.x(r));
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double u0 = Double.MAX_VALUE;
        double u1 = -Double.MAX_VALUE;
        double v0 = Double.MAX_VALUE;
        double v1 = -Double.MAX_VALUE;
        for (int i = 0; i < Landmarks.COUNT; i++) {
            // the landmark in the rotated frame: R(-angle) * p
            double u = cos * l.x(i) + sin * l.y(i);
            double v = -sin * l.x(i) + cos * l.y(i);
            u0 = Math.min(u0, u);
            u1 = Math.max(u1, u);
            v0 = Math.min(v0, v);
            v1 = Math.max(v1, v);
        }
        double mu = 0.5 * (u0 + u1);
        double mv = 0.5 * (v0 + v1);
        float side = (float) (MARGIN * Math.max(u1 - u0, v1 - v0));
        return new CropTransform((float) (cos * mu - sin * mv), (float) (sin * mu + cos * mv), side, (float) angle);
    }

    /** Frame x of crop point (u, v) for a crop of {@code size} pixels. */
    public float frameX(float u, float v, int size) {
        float s = side / size;
        float du = (u - 0.5f * size) * s;
        float dv = (v - 0.5f * size) * s;
        return centreX + (float) (Math.cos(angle) * du - Math.sin(angle) * dv);
    }

    /** Frame y of crop point (u, v) for a crop of {@code size} pixels. */
    public float frameY(float u, float v, int size) {
        float s = side / size;
        float du = (u - 0.5f * size) * s;
        float dv = (v - 0.5f * size) * s;
        return centreY + (float) (Math.sin(angle) * du + Math.cos(angle) * dv);
    }
}
