package org.facemat.train.finetune;

import org.facemat.image.Planar;

/**
 * A frame of a studio shot with the artist's roto matte: planar RGB in [0,1] (sRGB-encoded, as renders feed the
 * network) and the matte, both {@code width x height}.
 */
public record RotoFrame(long frame, int width, int height, float[] rgb, float[] matte) {
    public RotoFrame {
        try {
            Planar.check(3, width, height, rgb);
            Planar.check(1, width, height, matte);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("frame " + frame + ": planes do not match " + width + "x" + height, e);
        }
    }
}
