package org.facemat.render;

import java.util.List;

/** What a render did. */
public record RenderSummary(int written, int passedThrough, List<Long> skipped, double seconds) {
    public double writtenFps() {
        return seconds > 0 ? written / seconds : 0;
    }
}
