package org.facemat.render;

import java.io.IOException;
import org.facemat.media.Frame;
import org.facemat.media.Timecode;
import org.facemat.model.MattePlanes;
import org.facemat.review.FrameScore;

/** One output being written during a render. Passes are written from one thread, frame by frame, in order. */
public interface MattePass extends AutoCloseable {

    PassSpec spec();

    /**
     * Whether frame {@code n} is already on disk, complete and readable (for {@code --resume}). Movie passes cannot
     * resume (a movie is one file) and answer false.
     */
    boolean isComplete(long n);

    /**
     * Writes one frame.
     *
     * @param plate    the source frame
     * @param matte    the network output for it
     * @param timecode the frame's own timecode, or null when the source has none
     * @param review   the frame's review score (an EXR writes it into its header), or null
     */
    void write(Frame plate, MattePlanes matte, Timecode timecode, FrameScore review) throws IOException;

    /**
     * Frame {@code n} could not be decoded and was skipped: a movie writes a stand-in picture ({@code fill}) so that
     * it keeps one picture per frame; sequences write nothing (the gap is a missing file).
     */
    default void gap(long n, Timecode timecode, RenderSettings.GapFill fill) throws IOException {
    }

    /** Completes the output (renames a movie into place). Not called after a failure. */
    void finish() throws IOException;

    /** Releases resources; an unfinished movie is deleted. */
    @Override
    void close();
}
