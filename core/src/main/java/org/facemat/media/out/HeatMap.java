package org.facemat.media.out;

/**
 * The colours of the uncertainty pass (the predicted standard deviation of alpha), shared by the preview movie's
 * uncertainty view and the review report's thumbnails, so both read the same: dark violet for a little doubt,
 * red around {@link #UNSURE}, yellow to white towards {@link #FULL}. The colour alone carries the value; the opacity
 * lets a sure pixel show the plate under it.
 */
public final class HeatMap {
    /** Uncertainty at which the scale reaches its last colour. */
    public static final float FULL = 0.3f;
    /** Uncertainty drawn in red: the scorer's "unsure" level ({@code ReviewScorer.UNSURE}). */
    public static final float UNSURE = 0.15f;
    /** Below this the pixel is left as the plate. */
    public static final float FLOOR = 0.02f;

    /** Stops from 0 to {@link #FULL}, evenly spaced: position = index / (count - 1). */
    static final float[][] STOPS = {
        {0.10f, 0.02f, 0.30f},
        {0.45f, 0.05f, 0.60f},
        {0.90f, 0.15f, 0.20f},
        {1.00f, 0.60f, 0.05f},
        {1.00f, 1.00f, 0.70f},
    };

    private HeatMap() {
    }

    /** The colour of uncertainty {@code u} (encoded RGB in [0, 1]) into {@code rgb}. */
    public static void color(float u, float[] rgb) {
        float t = Float.isNaN(u) ? 1f : Math.max(0f, Math.min(1f, u / FULL)) * (STOPS.length - 1);
        int k = Math.min(STOPS.length - 2, (int) t);
        float f = t - k;
        for (int c = 0; c < 3; c++) {
            rgb[c] = STOPS[k][c] + f * (STOPS[k + 1][c] - STOPS[k][c]);
        }
    }

    /** How much of the colour covers the plate: none below {@link #FLOOR}, full from {@link #UNSURE} on. */
    public static float opacity(float u) {
        if (Float.isNaN(u)) {
            return 1f;
        }
        if (u <= FLOOR) {
            return 0f;
        }
        return Math.min(1f, 0.35f + 0.65f * (u - FLOOR) / (UNSURE - FLOOR));
    }

    /** The scale as CSS {@code linear-gradient} stops ("#rrggbb 0%, ..."), for a legend drawn by a page. */
    public static String cssStops() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < STOPS.length; k++) {
            if (k > 0) {
                b.append(", ");
            }
            b.append(String.format(java.util.Locale.ROOT, "#%02x%02x%02x %d%%", Math.round(STOPS[k][0] * 255),
                    Math.round(STOPS[k][1] * 255), Math.round(STOPS[k][2] * 255), k * 100 / (STOPS.length - 1)));
        }
        return b.toString();
    }
}
