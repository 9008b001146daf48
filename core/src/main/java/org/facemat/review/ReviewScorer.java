package org.facemat.review;

import org.facemat.media.Frame;
import org.facemat.media.Timecode;
import org.facemat.model.MattePlanes;

/**
 * Scores frames as a render writes them (one scorer per render, frames in order; see {@link FrameScore} for what
 * the numbers mean). It keeps the previous frame's alpha and plate grey for the flicker term; a jump in frame numbers
 * (a skipped frame, a new chunk) starts that term again.
 */
public final class ReviewScorer {
    /** Alpha above which a pixel belongs to the face region. */
    public static final float SUPPORT = 0.05f;
    /** Uncertainty (standard deviation of alpha) above which a pixel counts as unsure. */
    public static final float UNSURE = 0.15f;
    /** Largest change of the plate's grey (display values 0..1) at which a pixel counts as still. */
    public static final float STILL = 0.02f;

    // the previous frame's alpha and grey, and a spare grey buffer: reused from frame to frame (a 4K frame's plane is
    // 35 MB, not to be allocated per frame in the render's write stage)
    private float[] lastAlpha;
    private float[] lastGrey;
    private float[] grey;
    private long lastFrame = Long.MIN_VALUE;

    /** Scores frame {@code n} and remembers it for the next one. */
    public FrameScore score(long n, Timecode timecode, Frame plate, MattePlanes matte) {
        int size = matte.width() * matte.height();
        float[] alpha = matte.alpha();
        float[] sigma = matte.uncertainty();
        grey = grey(plate, size, grey);
        boolean follows = lastAlpha != null && lastFrame == n - 1 && lastAlpha.length == size;
        double u2 = 0;
        long region = 0;
        long unsure = 0;
        double change = 0;
        long still = 0;
        for (int i = 0; i < size; i++) {
            boolean in = alpha[i] > SUPPORT || (follows && lastAlpha[i] > SUPPORT);
            if (!in) {
                continue;
            }
            region++;
            float s = sigma == null ? 0f : sigma[i]; // a model without the uncertainty output
            u2 += (double) s * s;
            if (s > UNSURE) {
                unsure++;
            }
            if (follows && Math.abs(grey[i] - lastGrey[i]) < STILL) {
                change += Math.abs(alpha[i] - lastAlpha[i]);
                still++;
            }
        }
        double uncertainty = region > 0 ? Math.sqrt(u2 / region) : 0;
        double flicker = still > 0 ? change / still : 0;
        double area = (double) region / size;
        // the mean of sigma^2 over the picture (sigma is ~0 outside the face region) is the squared error a calibrated
        // network expects; the flicker term adds what a still plate says at least one of two frames got wrong
        double score = Math.sqrt(area * (uncertainty * uncertainty + flicker * flicker / 4));
        if (lastAlpha == null || lastAlpha.length != size) {
            lastAlpha = new float[size];
        }
        System.arraycopy(alpha, 0, lastAlpha, 0, size);
        float[] spare = lastGrey;
        lastGrey = grey;
        grey = spare;
        lastFrame = n;
        return new FrameScore(n, timecode == null ? null : timecode.text(), score, uncertainty,
                region > 0 ? (double) unsure / region : 0, flicker, area);
    }

    /** The plate's grey in display-like values, for "did the picture move here" (a log or linear plate is clamped). */
    private static float[] grey(Frame plate, int size, float[] reuse) {
        float[] rgb = plate.rgb();
        float[] g = reuse != null && reuse.length == size ? reuse : new float[size];
        for (int i = 0; i < size; i++) {
            float v = (rgb[i] + rgb[size + i] + rgb[2 * size + i]) / 3f;
            g[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
        }
        return g;
    }
}
