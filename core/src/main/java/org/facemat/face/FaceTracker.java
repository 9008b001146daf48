package org.facemat.face;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds faces frame by frame and follows them as tracks with stable ids. Each frame: every track's landmarks are
 * placed again from its previous ones (the mesh follows a face the detector may lose under a hand); the detector runs
 * on the whole frame; a detection that matches no track starts one (two mesh passes, as the shared labels were made);
 * a track the detector has not confirmed for {@link Settings#maxGap} frames ends, as does one that left the frame. A
 * cut (see {@link SceneCuts}) ends every track. Frames must come in order; {@link #reset()} before a jump.
 */
public final class FaceTracker implements AutoCloseable {

    /**
     * @param maxGap   frames a track lives on without a detection (a hand over the face for half a second at 24 fps)
     * @param minSide  faces whose landmark box is smaller than this (pixels) are too small to matte: skipped, counted
     * @param rotate   turn each crop so the eye line is level
     * @param matchIou a detection belongs to a track when their boxes overlap at least this much
     */
    public record Settings(int maxGap, float minSide, boolean rotate, float matchIou) {
        public static final Settings DEFAULT = new Settings(12, 24f, false, 0.25f);
    }

    /** What one frame gave: the live tracks, whether it began a new shot, and the faces too small to matte. */
    public record Update(List<FaceTrack> tracks, boolean cut, int tooSmall, List<Integer> ended) {
    }

    private final FaceLocator locator;
    private final Settings settings;
    private final SceneCuts cuts = new SceneCuts();
    private final List<FaceTrack> tracks = new ArrayList<>();
    private int nextId = 1;

    public FaceTracker(FaceLocator locator, Settings settings) {
        this.locator = locator;
        this.settings = settings;
    }

    /**
     * Tracks one frame.
     *
     * @param dt seconds since the previous frame (1 / frame rate)
     */
    public Update next(float[] rgb, int height, int width, long frameNumber, double dt) throws OrtException {
        List<Integer> ended = new ArrayList<>();
        boolean cut = cuts.isCut(rgb, height, width);
        if (cut) {
            for (FaceTrack t : tracks) {
                ended.add(t.id());
            }
            tracks.clear();
        }
        for (FaceTrack t : tracks) {
            t.follow(locator.fromLandmarks(rgb, height, width, t.landmarks()));
        }
        List<Detection> detections = new ArrayList<>(locator.detect(rgb, height, width));
        detections.sort(Comparator.comparingDouble(Detection::score).reversed());
        float[][] boxes = new float[tracks.size()][];
        for (int i = 0; i < boxes.length; i++) {
            boxes[i] = tracks.get(i).box(); // once a frame: a box is a pass over 468 landmarks
        }
        boolean[] seen = new boolean[tracks.size()];
        List<Detection> fresh = new ArrayList<>();
        for (Detection d : detections) {
            float[] db = d.box();
            int best = -1;
            float bestIou = settings.matchIou();
            boolean overlaps = false;
            for (int i = 0; i < boxes.length; i++) {
                float iou = Detection.iou(boxes[i], db);
                overlaps |= iou > 0.1f;
                if (!seen[i] && iou >= bestIou) {
                    best = i;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                seen[best] = true;
            } else if (!overlaps) {
                fresh.add(d);
            }
        }
        for (int i = 0; i < tracks.size(); i++) {
            tracks.get(i).confirmed(seen[i]);
        }
        for (Detection d : fresh) {
            Landmarks l = locator.fromDetection(rgb, height, width, d);
            l = locator.fromLandmarks(rgb, height, width, l);
            FaceTrack t = new FaceTrack(nextId++, frameNumber, l);
            tracks.add(t);
        }
        int tooSmall = 0;
        List<FaceTrack> live = new ArrayList<>();
        for (FaceTrack t : tracks) {
            float[] b = t.box();
            boolean gone = t.unconfirmed() > settings.maxGap() || !inside(b, width, height);
            if (gone) {
                ended.add(t.id());
                continue;
            }
            if (Math.max(b[2] - b[0], b[3] - b[1]) < settings.minSide()) {
                tooSmall++;
                ended.add(t.id());
                continue;
            }
            live.add(t);
        }
        dropDuplicates(live, ended);
        tracks.clear();
        tracks.addAll(live);
        for (FaceTrack t : tracks) {
            t.crop(settings.rotate(), dt);
        }
        return new Update(List.copyOf(tracks), cut, tooSmall, ended);
    }

    /** Ends every track; the next frame starts afresh (a jump in the frame numbers, a new clip). */
    public void reset() {
        tracks.clear();
        cuts.reset();
    }

    /** Closes the face models. */
    @Override
    public void close() throws OrtException {
        locator.close();
    }

    /** Two tracks on one face (a detection beside a drifting track): the older one stays. */
    private static void dropDuplicates(List<FaceTrack> live, List<Integer> ended) {
        for (int i = 0; i < live.size(); i++) {
            for (int j = live.size() - 1; j > i; j--) {
                if (Detection.iou(live.get(i).box(), live.get(j).box()) > 0.5f) {
                    ended.add(live.get(j).id());
                    live.remove(j);
                }
            }
        }
    }

    /** A face whose landmark box centre left the frame has left the shot. */
    private static boolean inside(float[] b, int width, int height) {
        float cx = 0.5f * (b[0] + b[2]);
        float cy = 0.5f * (b[1] + b[3]);
        return cx >= 0 && cy >= 0 && cx < width && cy < height;
    }
}
