package org.facemat.render;

import java.util.List;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;

/**
 * The frames a render will touch: the network runs from {@code networkFirst} (pre-roll included) to {@code last};
 * frames from {@code first} on are written (those {@code frames} selects), except those already complete on a resume.
 *
 * @param rate          the frame rate written into every output (the source's, or {@code --fps})
 * @param timecode      the timecode of frame {@code sourceFirst} (the source's, or {@code --timecode}), or null
 * @param sourceFirst   the number of the source's first frame, which {@code timecode} belongs to
 * @param frames        the frames written, in the {@code --frames} syntax
 * @param rateAssumed   true when neither the source nor the command line gave the rate (an image sequence without
 *                      one in its files)
 * @param colorSpace    the input's colour space as the render takes it
 */
public record RenderPlan(String input, int width, int height, FrameRate rate, Timecode timecode, long networkFirst,
                         long first, long last, float ratio, int workingWidth, int workingHeight, List<PassSpec> passes,
                         int toWrite, String model, String provider, long sourceFirst, String frames,
                         boolean rateAssumed, String colorSpace) {

    public long networkFrames() {
        return last - networkFirst + 1;
    }

    /** Frames run through the network before the first written one. */
    public long prerollFrames() {
        return first - networkFirst;
    }

    /** The timecode of frame {@code n}, or null when the render has none. */
    public Timecode timecodeOf(long n) {
        return timecode == null ? null : timecode.plusFrames(n - sourceFirst, rate);
    }
}
