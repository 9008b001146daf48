package org.facemat.review;

import java.util.Arrays;
import java.util.List;

/**
 * Which frames a review flags. A frame is flagged when its score (the predicted RMS alpha error over the frame) is
 * above the threshold, or when it stands out from its own shot: more than {@link #SPIKE} times the shot's median score
 * and above half the threshold, so a brief failure in a shot that is otherwise clean is found too. The default
 * threshold and the spike rule are measured against the true error by {@code facemat eval --review-scores}
 * ({@code docs/review.md}); {@code facemat review --threshold} changes the threshold.
 */
public final class ReviewThreshold {
    /** Predicted RMS alpha error over the frame above which a frame is flagged. */
    public static final double DEFAULT = 0.07;
    /** A frame this many times above its shot's median score is a spike. */
    public static final double SPIKE = 1.10;

    private ReviewThreshold() {
    }

    /** @throws IllegalArgumentException unless 0 < t < 1 */
    public static double check(double t) {
        if (!(t > 0 && t < 1)) {
            throw new IllegalArgumentException("a review threshold is a score between 0 and 1, not " + t);
        }
        return t;
    }

    /** For each frame of one shot (in order), whether it is flagged at threshold {@code t}. */
    public static boolean[] flags(List<FrameScore> shot, double t) {
        boolean[] out = new boolean[shot.size()];
        if (shot.isEmpty()) {
            return out;
        }
        double[] s = shot.stream().mapToDouble(FrameScore::score).toArray();
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        for (int i = 0; i < n; i++) {
            out[i] = s[i] > t || (s[i] > median * SPIKE && s[i] > t / 2);
        }
        return out;
    }
}
