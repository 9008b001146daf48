package org.facemat.node;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facemat.face.FaceCrop;
import org.facemat.face.FaceModels;
import org.facemat.face.FaceTrack;
import org.facemat.face.FaceTracker;
import org.facemat.face.LandmarkPrior;
import org.facemat.face.ShippedFaceModels;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.model.RecurrentState;

/**
 * The node's face path: every tracked face is matted on its own crop, with its own recurrent state, at the size the
 * network trained on, and its matte is warped back into the frame. Outside every face the matte is 0.
 *
 * <p>A crop is sampled at about the face's own resolution ({@link #cropSize}: so the guided filter refines the edge
 * at the detail the frame has) and the network works on it at {@link #WORKING} pixels, the training crops' size. The
 * sample size stays fixed while a track lives (the recurrent state has the working size's shape) unless the face's
 * size changes by more than a factor of {@link #RESIZE_FACTOR}; then the track's state starts again.
 */
public final class AlignedMatting implements AutoCloseable {
    /** The network's working size on a face crop: the size of the crops it trained on. */
    public static final int WORKING = 192;
    /** Crops are sampled at least at the working size and at most at this, whatever the face's size. */
    public static final int MAX_CROP = 1024;
    static final double RESIZE_FACTOR = 1.5;
    /** The outer tenth of a crop fades out, so no seam is left where a crop ends (faces fill its middle 57%). */
    static final double FEATHER = 0.1;

    /** One face's matting state: the crop's sample size, the ratio that brings it to the working size, the state. */
    private record TrackState(int size, float ratio, RecurrentState state) {
    }

    /** One frame's result: the merged matte, and the tracks with the crop each was matted on. */
    public record Result(MattePlanes matte, FaceTracker.Update faces, Map<Integer, Integer> cropSizes) {
    }

    private final FaceMatModel model;
    private final FaceTracker tracker;
    private final Map<Integer, TrackState> states = new HashMap<>();

    /**
     * The face path with the face models of {@code faceModels} (a models folder holding the detector and the mesh),
     * opened on the matting model's device.
     */
    public static AlignedMatting open(FaceMatModel model, Path faceModels, FaceTracker.Settings settings)
            throws ModelLoadException {
        return new AlignedMatting(model, new FaceTracker(ShippedFaceModels.open(FaceModels.in(faceModels), model),
                settings));
    }

    public AlignedMatting(FaceMatModel model, FaceTracker tracker) {
        this.model = model;
        this.tracker = tracker;
    }

    public Result process(float[] rgb, int height, int width, long frameNumber, double dt) throws OrtException {
        FaceTracker.Update u = tracker.next(rgb, height, width, frameNumber, dt);
        for (Integer id : u.ended()) {
            states.remove(id);
        }
        float[] alpha = new float[height * width];
        float[] sigma = new float[height * width];
        Map<Integer, Integer> sizes = new HashMap<>();
        List<Integer> live = new ArrayList<>();
        for (FaceTrack t : u.tracks()) {
            FaceCrop crop = t.crop();
            TrackState s = states.get(t.id());
            int want = cropSize(crop.side());
            if (s == null || want > s.size() * RESIZE_FACTOR || want * RESIZE_FACTOR < s.size()) {
                float ratio = want == WORKING ? 1f : (WORKING + 0.5f) / want;
                int w = ModelContract.workingSize(want, ratio);
                s = new TrackState(want, ratio, RecurrentState.zeros(w, w));
                states.put(t.id(), s);
            }
            float[] pixels = crop.sample(rgb, 3, height, width, s.size());
            // the landmark prior, for a model that takes one: where the mesh puts this face in its crop
            float[] prior = model.takesPrior()
                    ? LandmarkPrior.draw(crop.toCrop(t.landmarks(), s.size()), s.size(), s.size()) : null;
            MattePlanes m = model.run(pixels, prior, s.size(), s.size(), s.ratio(), s.state());
            crop.pasteMax(m.alpha(), m.uncertainty(), s.size(), alpha, sigma, height, width, FEATHER);
            sizes.put(t.id(), s.size());
            live.add(t.id());
        }
        states.keySet().retainAll(live);
        return new Result(new MattePlanes(height, width, alpha, sigma), u, sizes);
    }

    /** Ends every track and its state. */
    public void reset() {
        tracker.reset();
        states.clear();
    }

    /** Closes the face models (the matting model belongs to the node). */
    @Override
    public void close() throws OrtException {
        tracker.close();
    }

    /** The crop's sample size for a crop of {@code side} frame pixels: that side rounded up to 32, within bounds. */
    static int cropSize(double side) {
        int n = (int) Math.ceil(side / 32.0) * 32;
        return Math.max(WORKING, Math.min(MAX_CROP, n));
    }
}
