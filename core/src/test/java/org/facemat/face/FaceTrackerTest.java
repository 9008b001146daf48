package org.facemat.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracker's logic on scripted faces: ids, gaps, entering and leaving, cuts, small faces, smoothing. */
class FaceTrackerTest {
    static final int W = 640;
    static final int H = 360;
    static final double DT = 1 / 25.0;

    private final ScriptedFaces faces = new ScriptedFaces();
    private final FaceTracker tracker = new FaceTracker(faces, FaceTracker.Settings.DEFAULT);
    private float[] picture = grey(0.4f);

    private FaceTracker.Update step(long n) throws Exception {
        faces.frame = n;
        return tracker.next(picture, H, W, n, DT);
    }

    private static float[] grey(float v) {
        float[] p = new float[3 * W * H];
        java.util.Arrays.fill(p, v);
        return p;
    }

    private static List<Integer> ids(FaceTracker.Update u) {
        List<Integer> l = new ArrayList<>();
        for (FaceTrack t : u.tracks()) {
            l.add(t.id());
        }
        return l;
    }

    @Test
    void aMovingFaceKeepsItsId() throws Exception {
        faces.faces.add(f -> new double[] {100 + 4 * f, 180, 120});
        for (long n = 0; n < 60; n++) {
            assertEquals(List.of(1), ids(step(n)), "frame " + n);
        }
    }

    /** A hand over the face for 10 frames: the detector misses it, the track goes on; for 20 frames it ends. */
    @Test
    void aShortDetectionGapKeepsTheTrack() throws Exception {
        faces.faces.add(new ScriptedFaces.Path() {
            public double[] at(long f) {
                return new double[] {320, 180, 120};
            }

            public boolean detected(long f) {
                return f < 10 || (f >= 20 && f < 40);
            }
        });
        for (long n = 0; n < 40; n++) {
            assertEquals(List.of(1), ids(step(n)), "frame " + n);
        }
        FaceTracker.Update u = null;
        for (long n = 40; n < 60; n++) {
            u = step(n);
        }
        assertEquals(List.of(), ids(u), "undetected for 20 frames: ended");
    }

    @Test
    void facesEnterAndLeave() throws Exception {
        faces.faces.add(f -> new double[] {320, 180, 100});
        faces.faces.add(f -> f >= 10 ? new double[] {W - 60 + 10.0 * (f - 10), 100, 80} : null); // enters, then leaves
        List<List<Integer>> seen = new ArrayList<>();
        for (long n = 0; n < 30; n++) {
            seen.add(ids(step(n)));
        }
        assertEquals(List.of(1), seen.get(5));
        assertEquals(List.of(1, 2), seen.get(12), "the second face gets a new id");
        assertEquals(List.of(1), seen.get(29), "gone once its centre left the frame");
    }

    @Test
    void aCutStartsTracksAfresh() throws Exception {
        faces.faces.add(f -> new double[] {320, 180, 100});
        for (long n = 0; n < 10; n++) {
            assertEquals(List.of(1), ids(step(n)));
        }
        picture = grey(0.9f); // another shot
        FaceTracker.Update u = step(10);
        assertTrue(u.cut());
        assertEquals(List.of(2), ids(u), "new shot, new track");
        assertTrue(u.ended().contains(1));
        assertFalse(step(11).cut(), "one cut, not two");
    }

    @Test
    void aFaceTooSmallIsSkippedAndCounted() throws Exception {
        faces.faces.add(f -> new double[] {100, 100, 12});
        FaceTracker.Update u = step(0);
        assertEquals(List.of(), ids(u));
        assertEquals(1, u.tooSmall());
    }

    /** Landmarks jitter by 2 px on a still face: the smoothed crop centre moves far less. */
    @Test
    void theCropOfAStillFaceDoesNotJitter() throws Exception {
        faces.jitter = 2.0;
        faces.faces.add(f -> new double[] {320, 180, 150});
        List<Double> raw = new ArrayList<>();
        List<Double> smooth = new ArrayList<>();
        for (long n = 0; n < 100; n++) {
            FaceTracker.Update u = step(n);
            FaceTrack t = u.tracks().get(0);
            if (n >= 20) {
                raw.add(FaceCrop.around(t.landmarks(), false).cx());
                smooth.add(t.crop().cx());
            }
        }
        double sr = std(raw);
        double ss = std(smooth);
        System.out.printf("crop centre jitter: raw %.2f px, smoothed %.2f px%n", sr, ss);
        assertTrue(ss < sr / 3, "smoothed " + ss + " vs raw " + sr);
    }

    /** A face moving at 200 px/s: the smoothed crop keeps up (lag under 5% of the face's size). */
    @Test
    void theCropFollowsAMovingFace() throws Exception {
        faces.faces.add(f -> new double[] {100 + 8 * f, 180, 150});
        double lag = 0;
        for (long n = 0; n < 50; n++) {
            FaceTrack t = step(n).tracks().get(0);
            if (n >= 25) {
                lag = Math.max(lag, Math.abs(t.crop().cx() - (100 + 8 * n)));
            }
        }
        System.out.printf("crop lag behind a face moving 200 px/s: %.2f px%n", lag);
        assertTrue(lag < 0.05 * 150, "lag " + lag);
    }

    private static double std(List<Double> v) {
        double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).average().orElse(0));
    }
}
