package org.facemat.face;

/**
 * Tells a cut from motion, frame to frame: the luma histograms of two frames across a cut differ far more than across
 * any camera or subject move, and a small thumbnail's difference confirms it where a cut joins two shots of similar
 * tone. Tracks and their recurrent state start again after a cut.
 */
public final class SceneCuts {
    static final int BINS = 32;
    static final int THUMB = 32;
    /** Half the histogram's mass moved: a cut whatever the thumbnails say. */
    static final double HISTOGRAM_CUT = 0.5;
    /** A quarter moved and the picture changed by 0.15 of full scale on average: a cut between similar shots. */
    static final double HISTOGRAM_WITH_THUMB = 0.25;
    static final double THUMB_CUT = 0.15;

    private double[] lastHistogram;
    private float[] lastThumb;

    /** Whether this frame starts a new shot (the first frame does not). */
    public boolean isCut(float[] rgb, int height, int width) {
        double[] hist = new double[BINS];
        float[] thumb = new float[THUMB * THUMB];
        int[] count = new int[THUMB * THUMB];
        int plane = height * width;
        int step = Math.max(1, (int) Math.sqrt((double) plane / 65536)); // about 64k samples whatever the size
        int samples = 0;
        for (int y = 0; y < height; y += step) {
            int ty = y * THUMB / height;
            for (int x = 0; x < width; x += step) {
                int i = y * width + x;
                float l = 0.2126f * rgb[i] + 0.7152f * rgb[plane + i] + 0.0722f * rgb[2 * plane + i];
                l = Math.min(1f, Math.max(0f, l));
                hist[Math.min(BINS - 1, (int) (l * BINS))]++;
                int t = ty * THUMB + x * THUMB / width;
                thumb[t] += l;
                count[t]++;
                samples++;
            }
        }
        for (int b = 0; b < BINS; b++) {
            hist[b] /= samples;
        }
        for (int t = 0; t < thumb.length; t++) {
            thumb[t] = count[t] == 0 ? 0 : thumb[t] / count[t];
        }
        boolean cut = false;
        if (lastHistogram != null) {
            double moved = 0;
            for (int b = 0; b < BINS; b++) {
                moved += Math.abs(hist[b] - lastHistogram[b]);
            }
            moved *= 0.5;
            double diff = 0;
            for (int t = 0; t < thumb.length; t++) {
                diff += Math.abs(thumb[t] - lastThumb[t]);
            }
            diff /= thumb.length;
            cut = moved > HISTOGRAM_CUT || (moved > HISTOGRAM_WITH_THUMB && diff > THUMB_CUT);
        }
        lastHistogram = hist;
        lastThumb = thumb;
        return cut;
    }

    /** Forgets the previous frame. */
    public void reset() {
        lastHistogram = null;
        lastThumb = null;
    }
}
