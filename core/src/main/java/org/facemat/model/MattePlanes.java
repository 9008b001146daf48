package org.facemat.model;

import org.facemat.image.Planar;

/**
 * One frame's network output at full resolution: alpha and its standard deviation (or null where there is none),
 * each a row-major H x W plane.
 */
public record MattePlanes(int height, int width, float[] alpha, float[] uncertainty) {
    public MattePlanes {
        Planar.check(1, width, height, alpha);
        if (uncertainty != null) {
            Planar.check(1, width, height, uncertainty);
        }
    }
}
