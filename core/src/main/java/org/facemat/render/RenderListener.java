package org.facemat.render;

/** Progress of a render, for a progress bar or a farm's log. Called from the writing thread. */
public interface RenderListener {

    /** Before the first frame. */
    default void started(RenderPlan plan) {
    }

    /**
     * A frame before the range went through the network to build the state (pre-roll): {@code done} of {@code total},
     * at {@code fps}, with {@code etaSeconds} left of the pre-roll (NaN until known).
     */
    default void prerolled(long frame, long done, long total, double fps, double etaSeconds) {
    }

    /** A frame of the range went through the network without being written (complete on a resume, or not selected). */
    default void passed(long frame) {
    }

    /** A frame was written to every pass. */
    default void written(long frame, int done, int total, double fps, double etaSeconds) {
    }

    /** Something the user should know that does not stop the render (one line). */
    default void warning(String message) {
    }

    /** A frame could not be decoded and was skipped. */
    default void skipped(long frame, String reason) {
    }
}
