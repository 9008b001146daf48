package org.facemat.train.eval;

import ai.onnxruntime.OrtException;
import org.facemat.model.ModelLoadException;
import java.nio.file.Path;
import org.facemat.face.FaceTrack;
import org.facemat.face.FaceTracker;
import org.facemat.face.LandmarkPrior;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.node.AlignedMatting;
import org.facemat.node.MatteNode;

/**
 * Mattes evaluation samples as a render with {@code --faces auto} does: through the node's face path (detector,
 * tracker, aligned crop, landmark prior), each sample a shot of its own. One implementation for
 * {@code facemat eval --faces auto} and the trainer's validation on unseen people.
 */
public final class FacePathMatter implements SplitEvaluation.SampleMatter, AutoCloseable {
    /** The frame rate the tracker's smoothing assumes between the passes over one sample. */
    static final double FRAME_RATE = 25;

    private final MatteNode node;
    private final boolean ovalOnly;

    private FacePathMatter(MatteNode node, boolean ovalOnly) {
        this.node = node;
        this.ovalOnly = ovalOnly;
    }

    /**
     * @param model      the matting model (not closed here)
     * @param faceModels the folder of the face detector and face mesh models
     */
    public static FacePathMatter open(FaceMatModel model, Path faceModels) throws ModelLoadException {
        return new FacePathMatter(node(model, faceModels), false);
    }

    /**
     * The landmark-oval baseline: the faces the face path finds, each drawn as its landmark prior (the mesh's oval,
     * {@link LandmarkPrior#draw}), used as the matte. What the front end alone knows, with no network deciding what
     * covers the face; no uncertainty.
     *
     * @param model the matting model the face path is opened with (its matte is not used)
     */
    public static FacePathMatter landmarkOval(FaceMatModel model, Path faceModels) throws ModelLoadException {
        return new FacePathMatter(node(model, faceModels), true);
    }

    /** The node a default render builds: the face path with the default tracker settings. */
    private static MatteNode node(FaceMatModel model, Path faceModels) throws ModelLoadException {
        return new MatteNode(model, null, AlignedMatting.open(model, faceModels, FaceTracker.Settings.DEFAULT),
                FRAME_RATE);
    }

    @Override
    public MattePlanes matte(float[] rgb, int size, int passes) throws OrtException {
        node.reset(); // each sample is a shot of its own
        MattePlanes p = null;
        for (int i = 0; i < passes; i++) {
            p = node.process(rgb, size, size, i);
        }
        if (ovalOnly) {
            float[] oval = new float[size * size];
            for (FaceTrack t : node.lastFaces().faces().tracks()) {
                float[] o = LandmarkPrior.draw(t.landmarks(), size, size);
                for (int i = 0; i < oval.length; i++) {
                    oval[i] = Math.max(oval[i], o[i]);
                }
            }
            return new MattePlanes(size, size, oval, null);
        }
        return p;
    }

    /** Closes the face models; the matting model stays open. */
    @Override
    public void close() throws OrtException {
        node.closeFaces();
    }
}
