package org.facemat.review;

/**
 * How much one frame's matte should be checked, from the network's own outputs (no ground truth), in alpha units.
 *
 * @param frame            the frame number
 * @param timecode         its timecode text, or null when the source has none
 * @param score            the predicted RMS alpha error over the frame: {@code sqrt(faceArea * (uncertainty^2 +
 *                         (flicker / 2)^2))}, the square root of the mean squared error the network's own uncertainty
 *                         predicts (plus the flicker's lower bound) over the whole picture, so it compares with the
 *                         usual per-frame matting error (MSE); 0 is a matte the network is sure of and that holds
 *                         still on a still plate, 0.07 is the default level above which a frame is flagged
 *                         ({@link ReviewThreshold})
 * @param uncertainty      the RMS of the uncertainty pass (the predicted standard deviation of alpha) over the face
 *                         region
 * @param uncertainFraction the fraction of the face region whose uncertainty is above {@link ReviewScorer#UNSURE}
 * @param flicker          the mean change of alpha from the previous frame where the plate barely changed (its grey
 *                         moved less than {@link ReviewScorer#STILL}); 0 on the first frame of a run. A still plate
 *                         should give a still matte, so half of it is a lower bound of the error of one of the two
 * @param faceArea         the face region (alpha above {@link ReviewScorer#SUPPORT} in this or the previous frame) as
 *                         a fraction of the frame; 0 means no face was matted
 */
public record FrameScore(long frame, String timecode, double score, double uncertainty, double uncertainFraction,
                         double flicker, double faceArea) {
}
