package org.facemat.train.data;

import org.facemat.image.Planar;

/**
 * One face image with its skin label.
 *
 * @param id     where it came from, e.g. {@code cap13#000012} or {@code stills/astronaut}
 * @param rgb    planar float RGB in [0,1] (R plane, G plane, B plane, each row-major), length 3*w*h
 * @param skin   skin alpha in [0,1], row-major, length w*h
 * @param box    the face box (all landmarks, clipped to the image)
 */
public record FaceSample(String id, int width, int height, float[] rgb, float[] skin, FaceBox box) {
    public FaceSample {
        Planar.check(3, width, height, rgb);
        Planar.check(1, width, height, skin);
    }
}
