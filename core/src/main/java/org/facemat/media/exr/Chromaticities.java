package org.facemat.media.exr;

/**
 * The OpenEXR {@code chromaticities} attribute type: CIE xy of the red, green and blue primaries and of the white
 * point of the RGB data.
 */
public record Chromaticities(float redX, float redY, float greenX, float greenY, float blueX, float blueY,
        float whiteX, float whiteY) {

    /** ITU-R BT.709 primaries with a D65 white point (the OpenEXR default). */
    public static final Chromaticities REC709 =
            new Chromaticities(0.64f, 0.33f, 0.30f, 0.60f, 0.15f, 0.06f, 0.3127f, 0.3290f);

    /** ACES AP0 primaries with the ACES white point. */
    public static final Chromaticities ACES_AP0 =
            new Chromaticities(0.7347f, 0.2653f, 0.0f, 1.0f, 0.0001f, -0.0770f, 0.32168f, 0.33767f);
}
