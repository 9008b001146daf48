package org.facemat.train.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How a hand or an arm is painted, drawn up front: whose skin (a {@link SkinDonors.Donor}, or pieces of the patch
 * sheet at {@code sheetU, sheetV}), how much of the piece's grain is kept, how close its brightness is pulled to the
 * covered face's skin (a hand lit by the same light as the face), a small colour cast, and the light.
 *
 * @param lumaMatch   0 = the donor's own brightness, 1 = exactly the covered face's mean skin brightness
 * @param exposure    overall brightness factor (the shading darkens on average; this brings it back)
 * @param tint        per-channel factor near 1
 * @param azimuth     light direction in the picture plane, radians
 * @param elevation   light elevation above the picture plane, radians (90 degrees = frontal)
 * @param softPx      edge ramp in pixels at a 256 px crop
 */
record SkinLook(SkinDonors.Donor donor, double[] sheetU, double[] sheetV, double detail, double lumaMatch,
        double exposure, float[] tint, double azimuth, double elevation, double ambient, double gradient,
        double rimDarkening, double softPx) {

    /** Pieces of the sheet tried per look (the smoothest is used). */
    static final int SHEET_TRIES = 8;
    /** Share of looks painted from the patch sheet rather than another person's face. */
    static final double SHEET_SHARE = 0.5;
    /** A piece of skin covers at least this many face widths of the picture. */
    static final double MIN_SPAN = 0.6;

    static SkinLook draw(List<SynthPool.Faces> faces, int faceIndex, int item, SplittableRandom r) {
        SkinDonors.Donor donor = SkinDonors.choose(faces, faceIndex, item, SHEET_SHARE, r);
        double[] u = new double[SHEET_TRIES];
        double[] v = new double[SHEET_TRIES];
        for (int k = 0; k < SHEET_TRIES; k++) {
            u[k] = r.nextDouble();
            v[k] = r.nextDouble();
        }
        float[] tint = {(float) r.nextDouble(0.94, 1.06), (float) r.nextDouble(0.94, 1.06),
            (float) r.nextDouble(0.94, 1.06)};
        return new SkinLook(donor, u, v, r.nextDouble(0.4, 1.0), r.nextDouble(0.3, 1.0), r.nextDouble(1.0, 1.3), tint,
                r.nextDouble(0, 2 * Math.PI), Math.toRadians(r.nextDouble(25, 70)), r.nextDouble(0.35, 0.6),
                r.nextDouble(0, 0.25), r.nextDouble(0.1, 0.3), r.nextDouble(0.7, 1.5));
    }

    /** Everything {@link SkinBody#render} needs once the piece of skin is cut. */
    record Paint(SkinSwatch swatch, double zoom, float[] gain, double detail, double lx, double ly, double lz,
            double ambient, double gradient, double rimDarkening, double rimWidth, double soft) {
    }

    /**
     * @param faceWidthPx the covered face's width in crop pixels (sets the scale of the skin grain)
     * @param faceLuma    the covered face's mean skin luma, or NaN
     */
    Paint paint(SkinSwatch swatch, double faceWidthPx, double faceLuma, int size) {
        // the grain at the size it has on a face, but one piece spans at least 0.6 face widths: smaller pieces would
        // repeat visibly across a hand
        double natural = Double.isNaN(swatch.faceWidth()) ? 1 : faceWidthPx / swatch.faceWidth();
        double zoom = Math.max(natural, MIN_SPAN * faceWidthPx / Math.max(swatch.width(), swatch.height()));
        float own = SkinSwatch.luma(swatch.mean());
        double g = exposure;
        if (!Double.isNaN(faceLuma) && own > 0.02) {
            g *= Math.pow(faceLuma / own, lumaMatch);
        }
        float[] gain = {(float) (g * tint[0]), (float) (g * tint[1]), (float) (g * tint[2])};
        double ce = Math.cos(elevation);
        double scale = size / 256.0;
        return new Paint(swatch, zoom, gain, detail, ce * Math.cos(azimuth), ce * Math.sin(azimuth),
                Math.sin(elevation), ambient, gradient, rimDarkening, Math.max(1, 2.5 * scale),
                Math.max(0.6, softPx * scale));
    }
}
