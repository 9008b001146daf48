package org.facemat.review;

/**
 * The score above which a frame is flagged for review. The default is set so that, on the project's evaluation
 * sequences and synthetic clips with ground truth, the flagged frames hold most of the worst frames
 * ({@code docs/review.md}, measured by {@code facemat eval --review-scores}); {@code --review-threshold} changes it.
 */
public final class ReviewThreshold {
    /** Estimated RMS alpha error over the face region. */
    public static final double DEFAULT = 0.08;

    private ReviewThreshold() {
    }

    /** @throws IllegalArgumentException unless 0 < t < 1 */
    public static double check(double t) {
        if (!(t > 0 && t < 1)) {
            throw new IllegalArgumentException("a review threshold is a score between 0 and 1, not " + t);
        }
        return t;
    }
}
