package org.facemat.train.unseen;

import java.nio.file.Path;
import java.util.List;
import org.facemat.face.Landmarks;
import org.facemat.image.Planar;
import org.facemat.train.data.FaceBox;

/**
 * A still with its labels: planar RGB, person matte and skin (the union of its faces' ovals x person), all
 * {@code width x height}; {@code faces} are the faces kept, each cropped into samples of its own.
 */
record LabelledPicture(Path file, String stem, String identity, int width, int height, float[] rgb, float[] person,
        float[] skin, List<Landmarks> faces) {
    LabelledPicture {
        Planar.check(3, width, height, rgb);
        Planar.check(1, width, height, person);
        Planar.check(1, width, height, skin);
    }

    /** A picture as the face front end labelled it; its identity from the catalogue by the file's stem. */
    static LabelledPicture of(Path file, String stem, int width, int height, float[] rgb, FaceLabeller.Labels l) {
        return new LabelledPicture(file, stem, UnseenCatalog.identity(stem), width, height, rgb, l.person(), l.skin(),
                l.faces().stream().map(FaceLabeller.Face::landmarks).toList());
    }

    /** The landmarks' box clipped to the picture, as the shared data's faces.csv has it. */
    FaceBox box(int face) {
        float[] b = faces.get(face).box();
        double x0 = Math.max(0, b[0]);
        double y0 = Math.max(0, b[1]);
        double x1 = Math.min(width, b[2]);
        double y1 = Math.min(height, b[3]);
        return new FaceBox(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    /** The sample name of face {@code face}: the identity, then the file, then the face when there are several. */
    String item(int face) {
        return identity + "#" + stem + (faces.size() > 1 ? ".face" + face : "");
    }
}
