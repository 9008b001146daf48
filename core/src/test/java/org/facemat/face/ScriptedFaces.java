package org.facemat.face;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Face models for testing the tracker's logic: faces that move along scripted paths, a detector that can be told to
 * miss a face (a hand over it), landmarks with pixel jitter. The frame's pixels are ignored; {@link #frame} says which
 * frame the script is at.
 */
final class ScriptedFaces implements FaceLocator {
    /** A face: centre and size at each frame, and the frames the detector misses it. */
    interface Path {
        double[] at(long frame); // cx, cy, size; null when the face is not in the frame

        default boolean detected(long frame) {
            return true;
        }
    }

    final List<Path> faces = new ArrayList<>();
    long frame;
    double jitter;
    private final Random random = new Random(7);

    @Override
    public List<Detection> detect(float[] rgb, int height, int width) {
        List<Detection> d = new ArrayList<>();
        for (Path p : faces) {
            double[] f = p.at(frame);
            if (f != null && p.detected(frame)) {
                float h = (float) f[2] / 2;
                d.add(new Detection((float) f[0] - h, (float) f[1] - h, (float) f[0] + h, (float) f[1] + h, 0.9f,
                        new float[2 * Detection.KEYPOINTS]));
            }
        }
        return d;
    }

    @Override
    public Landmarks fromDetection(float[] rgb, int height, int width, Detection detection) {
        return landmarks(detection.centreX(), detection.centreY(), detection.width());
    }

    /** The landmarks of the scripted face nearest to the previous ones (the mesh follows what it had). */
    @Override
    public Landmarks fromLandmarks(float[] rgb, int height, int width, Landmarks previous) {
        float[] b = previous.box();
        double px = 0.5 * (b[0] + b[2]);
        double py = 0.5 * (b[1] + b[3]);
        double[] best = null;
        double bestD = Double.MAX_VALUE;
        for (Path p : faces) {
            double[] f = p.at(frame);
            if (f != null) {
                double d = Math.hypot(f[0] - px, f[1] - py);
                if (d < bestD) {
                    bestD = d;
                    best = f;
                }
            }
        }
        if (best == null || bestD > b[2] - b[0]) {
            return previous; // nothing there: the mesh keeps placing a face where it was
        }
        return landmarks(best[0], best[1], best[2]);
    }

    /** 468 points filling a square of the given size around the centre, with jitter. */
    Landmarks landmarks(double cx, double cy, double size) {
        float[] p = new float[3 * Landmarks.COUNT];
        double jx = jitter * random.nextGaussian();
        double jy = jitter * random.nextGaussian();
        for (int i = 0; i < Landmarks.COUNT; i++) {
            double a = 2 * Math.PI * i / Landmarks.COUNT;
            double r = 0.5 * size * ((i % 3) + 1) / 3.0;
            p[3 * i] = (float) (cx + jx + r * Math.cos(a));
            p[3 * i + 1] = (float) (cy + jy + r * Math.sin(a));
        }
        // eye corners level, so the roll is zero
        p[3 * Landmarks.RIGHT_EYE_OUTER] = (float) (cx + jx - 0.3 * size);
        p[3 * Landmarks.RIGHT_EYE_OUTER + 1] = (float) (cy + jy - 0.1 * size);
        p[3 * Landmarks.LEFT_EYE_OUTER] = (float) (cx + jx + 0.3 * size);
        p[3 * Landmarks.LEFT_EYE_OUTER + 1] = (float) (cy + jy - 0.1 * size);
        return new Landmarks(p, 1f);
    }

    @Override
    public void close() {
    }
}
