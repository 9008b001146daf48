package org.facemat.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stills as the shared labels were made (detection, then three mesh passes) against their skin labels, and the
 * detector's behaviour without a face, with a face cut by the frame edge and with a tiny face.
 */
class FaceStillsTest {
    private static FaceDetector detector;
    private static FaceMesh mesh;

    @BeforeAll
    static void open() throws Exception {
        FaceModels m = FaceTestData.shipped();
        detector = FaceDetector.open(m.detector());
        mesh = FaceMesh.open(m.mesh());
    }

    @AfterAll
    static void close() throws Exception {
        detector.close();
        mesh.close();
    }

    @Test
    void stillsMatchTheirSkinLabels() throws Exception {
        Path dir = SharedData.require("data/faces/stills");
        for (String stem : new String[] {"astronaut", "franck_01829", "franck_02045", "franck_02159", "franck_02221",
            "franck_02683", "franck_02888", "franck_03909", "franck_03979", "franck_04000", "franck_04035",
            "franck_04117"}) {
            String ext = stem.equals("astronaut") ? ".png" : ".jpg";
            FaceTestData.Picture p = FaceTestData.rgb(dir.resolve("images/" + stem + ext));
            List<Detection> found = detector.detect(p.rgb(), p.height(), p.width());
            assertEquals(1, found.size(), stem + ": one face");
            Landmarks l = mesh.fromDetection(p.rgb(), p.height(), p.width(), found.get(0));
            for (int pass = 0; pass < 3; pass++) {
                l = mesh.fromLandmarks(p.rgb(), p.height(), p.width(), l);
            }
            float[] person = FaceTestData.grey(dir.resolve("person/" + stem + ".png"));
            float[] label = FaceTestData.grey(dir.resolve("skin/" + stem + ".png"));
            float[] ours = FaceTestData.times(LandmarkPrior.polygon(l.oval(), p.height(), p.width(),
                    LandmarkPrior.LABEL_FEATHER), person);
            double[] m = FaceTestData.iouAndMeanDiff(ours, label);
            System.out.printf("%s: score %.3f, flag %.3f, skin IoU@0.5 %.4f, mean |diff| %.5f%n", stem,
                    found.get(0).score(), l.flag(), m[0], m[1]);
            // measured: IoU 0.989..0.997, mean |diff| 0.0001..0.0018 (the 720x576 stills' faces are large, so their
            // 3 px ramp is a larger share of a differing rim than in the clips)
            assertTrue(m[0] > 0.97, stem + ": skin IoU " + m[0]);
            assertTrue(m[1] < 0.003, stem + ": skin mean |diff| " + m[1]);
        }
    }

    /** Not even at the score from which the tracker takes a face, which is below the detector's default. */
    @Test
    void aTextureHasNoFace() throws Exception {
        try (FaceDetector lenient = FaceDetector.open(FaceTestData.shipped().detector(), org.facemat.model.Device.CPU, 2,
                ShippedFaceModels.ACQUIRE_SCORE)) {
            for (String t : new String[] {"brick.png", "grass.png", "gravel.png"}) {
                FaceTestData.Picture p = FaceTestData.rgb(SharedData.require("data/textures/" + t));
                List<Detection> found = lenient.detect(p.rgb(), p.height(), p.width());
                System.out.printf("texture %s (%dx%d): %d detections at score %.2f%n", t, p.width(), p.height(),
                        found.size(), ShippedFaceModels.ACQUIRE_SCORE);
                assertEquals(0, found.size(), t);
            }
        }
    }

    @Test
    void aFaceCutByTheFrameEdgeAndATinyFace() throws Exception {
        FaceTestData.Picture a = FaceTestData.rgb(SharedData.require("data/faces/stills/images/astronaut.png"));
        // the face spans x 179..273: the left frame edge cuts off a fifth of it, then half of it
        for (int cut : new int[] {198, 226}) {
            int w = a.width() - cut;
            float[] part = new float[3 * a.height() * w];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < a.height(); y++) {
                    System.arraycopy(a.rgb(), c * a.height() * a.width() + y * a.width() + cut, part,
                            c * a.height() * w + y * w, w);
                }
            }
            List<Detection> edge = detector.detect(part, a.height(), w);
            System.out.printf("face with %.0f%% cut off by the left edge: %d detection(s)%s%n", 100.0 * (cut - 179) / 94,
                    edge.size(), edge.isEmpty() ? "" : String.format(", score %.3f, box x %.1f..%.1f",
                            edge.get(0).score(), edge.get(0).x0(), edge.get(0).x1()));
            if (!edge.isEmpty()) {
                Landmarks l = mesh.fromDetection(part, a.height(), w, edge.get(0));
                l = mesh.fromLandmarks(part, a.height(), w, l);
                System.out.printf("  its mesh: flag %.3f, landmarks x %.1f..%.1f (the frame starts at 0; the whole "
                        + "face would reach %.1f)%n", l.flag(), l.box()[0], l.box()[2], 179.0 - cut);
            }
        }

        // the whole 512 px still at 40 px wide, pasted into a black 640x480 frame: the face is about 7 px wide
        for (int size : new int[] {40, 80, 160}) {
            int k = 512 / size;
            int s = 512 / k;
            float[] small = HalfPixelBilinear.resize(area(a.rgb(), 512, k), 3, s, s, size, size);
            int fh = 480;
            int fw = 640;
            float[] frame = new float[3 * fh * fw];
            int ox = 300;
            int oy = 200;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < size; y++) {
                    System.arraycopy(small, c * size * size + y * size, frame, c * fh * fw + (oy + y) * fw + ox, size);
                }
            }
            List<Detection> tiny = detector.detect(frame, fh, fw);
            System.out.printf("still at %d px wide (face about %.0f px) in a 640x480 black frame: %d detection(s)%s%n",
                    size, 94.0 * size / 512, tiny.size(), tiny.isEmpty() ? "" : String.format(", score %.3f",
                            tiny.get(0).score()));
            if (size == 160) {
                // measured: a 29 px face is found (score 0.88), 15 px barely (0.67), 7 px not at all
                assertEquals(1, tiny.size(), "a 29 px face in a 640x480 frame");
            }
        }
    }

    /** Box-filter reduction of a square planar image by a whole factor. */
    private static float[] area(float[] rgb, int side, int k) {
        int s = side / k;
        float[] out = new float[3 * s * s];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s * k; y++) {
                for (int x = 0; x < s * k; x++) {
                    out[c * s * s + (y / k) * s + x / k] += rgb[c * side * side + y * side + x] / (k * k);
                }
            }
        }
        return out;
    }
}
