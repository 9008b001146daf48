package org.facemat.train.unseen;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemat.face.Detection;
import org.facemat.face.FaceDetector;
import org.facemat.face.FaceMesh;
import org.facemat.face.FaceModels;
import org.facemat.face.LandmarkPrior;
import org.facemat.face.Landmarks;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.model.RecurrentState;

/**
 * Labels a still by the shared data's recipe (data/README.md): skin = face-oval ring (3 px ramp) x person matte.
 * Landmarks: detection, then three mesh passes. Person matte: the person matting network at ratio 1, the still fed
 * four times carrying the state (the 4th output kept), as the shared astronaut label was made.
 */
public final class FaceLabeller implements AutoCloseable {
    /** The mesh passes after the detection crop, as for the shared stills. */
    static final int MESH_PASSES = 3;
    /** Person-matte passes: the recurrent state settles on a still after a few frames. */
    static final int MATTE_PASSES = 4;
    /** The recipe's rule: a mesh flag below this gives no label. */
    static final float MIN_FLAG = 0.5f;

    private final FaceDetector detector;
    private final FaceMesh mesh;
    private final FaceMatModel person;

    private FaceLabeller(FaceDetector detector, FaceMesh mesh, FaceMatModel person) {
        this.detector = detector;
        this.mesh = mesh;
        this.person = person;
    }

    /**
     * @param faceModels the folder of the face models ({@link FaceModels#in})
     * @param personModel the person matting network (the shipped {@code facemat-init.onnx})
     */
    public static FaceLabeller open(Path faceModels, Path personModel) throws ModelLoadException {
        FaceModels m = FaceModels.in(faceModels);
        FaceDetector d = FaceDetector.open(m.detector());
        FaceMesh fm = null;
        try {
            fm = FaceMesh.open(m.mesh());
            return new FaceLabeller(d, fm, FaceMatModel.open(personModel));
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(d, fm);
            throw e;
        }
    }

    /** One face found: the detector's score and the landmarks after the mesh passes. */
    public record Face(float score, Landmarks landmarks) {
    }

    /** Every face of a still, and (when there is one) the person matte and the union skin label. */
    public record Labels(List<Face> faces, List<Face> rejected, float[] person, float[] skin) {
    }

    /**
     * Finds the faces and, when at least one passes the mesh flag, makes the person matte and the skin label: the
     * union of every face's oval (a crop around one face may show another, whose skin is skin too) x person.
     */
    public Labels label(float[] rgb, int height, int width) throws OrtException {
        List<Face> faces = new ArrayList<>();
        List<Face> rejected = new ArrayList<>();
        for (Detection d : detector.detect(rgb, height, width)) {
            Landmarks l = mesh.fromDetection(rgb, height, width, d);
            for (int pass = 0; pass < MESH_PASSES; pass++) {
                l = mesh.fromLandmarks(rgb, height, width, l);
            }
            Face face = new Face(d.score(), l);
            if (l.flag() < MIN_FLAG) {
                rejected.add(face);
            } else if (faces.stream().noneMatch(f -> sameFace(f.landmarks(), face.landmarks()))) {
                faces.add(face); // detections come best first: the first of a face is kept
            }
        }
        if (faces.isEmpty()) {
            return new Labels(faces, rejected, null, null);
        }
        float[] alpha = personMatte(rgb, height, width);
        float[] oval = new float[height * width];
        for (Face f : faces) {
            LandmarkPrior.add(oval, height, width, f.landmarks().oval(), LandmarkPrior.LABEL_FEATHER);
        }
        float[] skin = new float[oval.length];
        for (int i = 0; i < skin.length; i++) {
            skin[i] = Math.min(1f, oval[i]) * alpha[i];
        }
        return new Labels(faces, rejected, alpha, skin);
    }

    /**
     * Whether two meshes landed on one face: their landmark boxes share more than half of the smaller one. On a
     * picture the face fills, the detector fires at several scales whose boxes differ too much in size for its NMS
     * (IoU 0.3) to merge them; after the mesh passes they all sit on the same face.
     */
    static boolean sameFace(Landmarks a, Landmarks b) {
        float[] p = a.box();
        float[] q = b.box();
        double iw = Math.min(p[2], q[2]) - Math.max(p[0], q[0]);
        double ih = Math.min(p[3], q[3]) - Math.max(p[1], q[1]);
        if (iw <= 0 || ih <= 0) {
            return false;
        }
        double smaller = Math.min((p[2] - p[0]) * (p[3] - p[1]), (q[2] - q[0]) * (q[3] - q[1]));
        return iw * ih > 0.5 * smaller;
    }

    private float[] personMatte(float[] rgb, int height, int width) throws OrtException {
        RecurrentState state = RecurrentState.zeros(ModelContract.workingSize(height, 1f),
                ModelContract.workingSize(width, 1f));
        MattePlanes p = null;
        for (int i = 0; i < MATTE_PASSES; i++) {
            p = person.run(rgb, height, width, 1f, state);
        }
        return p.alpha();
    }

    @Override
    public void close() throws OrtException {
        try {
            detector.close();
            mesh.close();
        } finally {
            person.close();
        }
    }

    private static void closeQuietly(FaceDetector d, FaceMesh m) {
        try {
            d.close();
            if (m != null) {
                m.close();
            }
        } catch (OrtException e) {
            // already failing: the first error is the one to report
        }
    }
}
