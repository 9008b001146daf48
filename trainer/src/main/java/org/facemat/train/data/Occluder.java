package org.facemat.train.data;

import org.facemat.image.Planar;

/**
 * An occluder cut-out.
 *
 * @param name            file name relative to the occluders folder (or a texture name)
 * @param rgb             planar float RGB in [0,1], straight (not premultiplied)
 * @param alpha           straight alpha in [0,1], row-major
 * @param semiTransparent the index flags interior partial alpha (smoke, fire, wings, brush tips)
 * @param tintable        a white brush tip: multiply its colour by a random tint when compositing
 */
public record Occluder(String name, int width, int height, float[] rgb, float[] alpha, boolean semiTransparent,
        boolean tintable) {
    public Occluder {
        Planar.check(3, width, height, rgb);
        Planar.check(1, width, height, alpha);
    }
}
