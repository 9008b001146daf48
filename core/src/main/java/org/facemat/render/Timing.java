package org.facemat.render;

import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;

/**
 * Frame rate, timecode and numbering given on the command line, each overriding what the source says (null: the
 * source's own). A render works out the rate and the first frame's timecode once ({@link RenderPlan}) and writes
 * them into every output.
 *
 * @param fps        the frame rate of the outputs (and of the timecode count); an image sequence without one in its
 *                   files is taken as {@link #SEQUENCE_DEFAULT_FPS}
 * @param timecode   the timecode of the source's first frame
 * @param startFrame the number the source's first frame gets: output file names, {@code --frames} and the logs count
 *                   from it (VFX shots start at 1001; a movie counts from 0 otherwise)
 */
public record Timing(FrameRate fps, Timecode timecode, Long startFrame) {
    /** Everything from the source. */
    public static final Timing SOURCE = new Timing(null, null, null);
    /** The rate of an image sequence whose files carry none. */
    public static final FrameRate SEQUENCE_DEFAULT_FPS = FrameRate.of(24);

    public Timing {
        if (timecode != null && fps != null) {
            timecode.toFrames(fps); // a drop-frame timecode needs 29.97 or 59.94: fails here, before any output
        }
    }
}
