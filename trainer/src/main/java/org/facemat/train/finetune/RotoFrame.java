package org.facemat.train.finetune;

/**
 * A frame of a studio shot with the artist's roto matte: planar RGB in [0,1] (sRGB-encoded, as renders feed the
 * network) and the matte, both {@code width x height}.
 */
public record RotoFrame(long frame, int width, int height, float[] rgb, float[] matte) {
    public RotoFrame {
        if (rgb.length != 3 * width * height || matte.length != width * height) {
            throw new IllegalArgumentException("frame " + frame + ": planes do not match " + width + "x" + height);
        }
    }
}
