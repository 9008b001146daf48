package org.facemat.render;

import java.util.List;

/**
 * What a render did.
 *
 * @param withoutFace frames of the range in which the face path found no face (their matte is 0)
 * @param tooSmall    faces skipped as too small to matte, summed over the frames of the range
 * @param writeSeconds seconds from the first written frame to the last
 */
public record RenderSummary(int written, int passedThrough, List<Long> skipped, double seconds, int withoutFace,
                            int tooSmall, double writeSeconds) {

    public RenderSummary(int written, int passedThrough, List<Long> skipped, double seconds) {
        this(written, passedThrough, skipped, seconds, 0, 0, seconds);
    }

    /**
     * Written frames per second of the writing phase, from the first written frame to the last (the pre-roll and the
     * model's start are not in it; {@code seconds} has the whole run).
     */
    public double writtenFps() {
        return written > 1 && writeSeconds > 0 ? (written - 1) / writeSeconds
                : seconds > 0 ? written / seconds : 0;
    }
}
