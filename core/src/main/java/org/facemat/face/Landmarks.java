package org.facemat.face;

/**
 * The 468 face-mesh landmarks of one face in frame pixels (continuous convention), with the mesh's face flag.
 *
 * @param points x, y, z per landmark (z in the same scale as x, relative depth)
 * @param flag   the mesh's face probability in [0, 1] (it saturates on any face-like crop: a weak quality signal)
 */
public record Landmarks(float[] points, float flag) {
    public static final int COUNT = 468;
    /** The MediaPipe FACE_OVAL ring, in ring order. */
    public static final int[] OVAL = {10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
        400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109};
    /** The outer eye corners: the person's right (33) and left (263); their line gives the face's roll. */
    public static final int RIGHT_EYE_OUTER = 33;
    public static final int LEFT_EYE_OUTER = 263;

    public Landmarks {
        if (points.length != 3 * COUNT) {
            throw new IllegalArgumentException("face mesh landmarks are " + COUNT + " x (x, y, z), got "
                    + points.length + " values");
        }
    }

    public float x(int i) {
        return points[3 * i];
    }

    public float y(int i) {
        return points[3 * i + 1];
    }

    /** The face-oval ring as x, y pairs. */
    public float[] oval() {
        float[] o = new float[2 * OVAL.length];
        for (int k = 0; k < OVAL.length; k++) {
            o[2 * k] = x(OVAL[k]);
            o[2 * k + 1] = y(OVAL[k]);
        }
        return o;
    }

    /** The axis-aligned box of all landmarks: x0, y0, x1, y1. */
    public float[] box() {
        float x0 = Float.MAX_VALUE;
        float y0 = Float.MAX_VALUE;
        float x1 = -Float.MAX_VALUE;
        float y1 = -Float.MAX_VALUE;
        for (int i = 0; i < COUNT; i++) {
            x0 = Math.min(x0, x(i));
            y0 = Math.min(y0, y(i));
            x1 = Math.max(x1, x(i));
            y1 = Math.max(y1, y(i));
        }
        return new float[] {x0, y0, x1, y1};
    }
}
