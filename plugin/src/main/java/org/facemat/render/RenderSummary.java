package org.facemat.render;

import java.util.List;

/**
 * What a render did.
 *
 * @param withoutFace frames of the range in which the face path found no face (their matte is 0)
 * @param tooSmall    faces skipped as too small to matte, summed over the frames of the range
 */
public record RenderSummary(int written, int passedThrough, List<Long> skipped, double seconds, int withoutFace,
                            int tooSmall) {

    public RenderSummary(int written, int passedThrough, List<Long> skipped, double seconds) {
        this(written, passedThrough, skipped, seconds, 0, 0);
    }

    public double writtenFps() {
        return seconds > 0 ? written / seconds : 0;
    }
}
