package org.facemat.render;

/** Progress of a render, for a progress bar or a farm's log. Called from the writing thread. */
public interface RenderListener {

    /** Before the first frame. */
    default void started(RenderPlan plan) {
    }

    /** A frame went through the network without being written (pre-roll, or already complete on resume). */
    default void passed(long frame) {
    }

    /** A frame was written to every pass. */
    default void written(long frame, int done, int total, double fps, double etaSeconds) {
    }

    /** A frame could not be decoded and was skipped. */
    default void skipped(long frame, String reason) {
    }
}
