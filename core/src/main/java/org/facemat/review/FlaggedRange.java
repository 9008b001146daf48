package org.facemat.review;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames to check: a run of flagged frames ({@link ReviewThreshold#flags}), with short dips (up to
 * {@link #BRIDGE} frames) bridged so that one problem gives one range.
 *
 * @param first        first frame number
 * @param last         last frame number
 * @param timecodeIn   the first frame's timecode, or null
 * @param timecodeOut  the last frame's timecode, or null
 * @param peakFrame    the frame with the highest score
 * @param peak         that score
 */
public record FlaggedRange(long first, long last, String timecodeIn, String timecodeOut, long peakFrame, double peak) {
    /** Frames below the threshold that still join two flagged runs into one. */
    public static final int BRIDGE = 2;

    public long frames() {
        return last - first + 1;
    }

    /** The ranges of one shot's {@code scores} (in frame order) flagged at {@code threshold} ({@link ReviewThreshold}). */
    public static List<FlaggedRange> of(List<FrameScore> scores, double threshold) {
        List<FlaggedRange> out = new ArrayList<>();
        boolean[] flagged = ReviewThreshold.flags(scores, threshold);
        FrameScore start = null;
        FrameScore end = null;
        FrameScore peak = null;
        for (int i = 0; i < scores.size(); i++) {
            FrameScore f = scores.get(i);
            if (!flagged[i]) {
                continue;
            }
            if (start != null && f.frame() - end.frame() > BRIDGE + 1) {
                out.add(new FlaggedRange(start.frame(), end.frame(), start.timecode(), end.timecode(), peak.frame(),
                        peak.score()));
                start = null;
            }
            if (start == null) {
                start = f;
                peak = f;
            }
            end = f;
            if (f.score() > peak.score()) {
                peak = f;
            }
        }
        if (start != null) {
            out.add(new FlaggedRange(start.frame(), end.frame(), start.timecode(), end.timecode(), peak.frame(),
                    peak.score()));
        }
        return out;
    }
}
