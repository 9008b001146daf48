package org.facemat.render;

import java.util.List;
import org.facemat.media.FrameRate;

/**
 * The frames a render will touch: the network runs from {@code networkFirst} (pre-roll included) to {@code last};
 * frames from {@code first} on are written, except those already complete on a resume. {@code colorSpace} describes
 * the input's colour space as the render takes it.
 */
public record RenderPlan(String input, int width, int height, FrameRate rate, String timecode, long networkFirst,
                         long first, long last, float ratio, int workingWidth, int workingHeight, List<PassSpec> passes,
                         int toWrite, String model, String provider, String colorSpace) {

    /** A plan without a colour space to report (the input taken as {@code auto}). */
    public RenderPlan(String input, int width, int height, FrameRate rate, String timecode, long networkFirst,
                      long first, long last, float ratio, int workingWidth, int workingHeight, List<PassSpec> passes,
                      int toWrite, String model, String provider) {
        this(input, width, height, rate, timecode, networkFirst, first, last, ratio, workingWidth, workingHeight,
                passes, toWrite, model, provider, "auto");
    }

    public long networkFrames() {
        return last - networkFirst + 1;
    }
}
