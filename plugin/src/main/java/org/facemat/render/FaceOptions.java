package org.facemat.render;

import java.nio.file.Path;

/**
 * How a render treats faces.
 *
 * @param align     each tracked face is matted on its own crop (the face path); false: the network sees the whole
 *                  frame
 * @param log       where to write the per-frame face records (JSON Lines), or null
 * @param landmarks the records carry the 468 landmarks of each face
 * @param rotate    each face's crop is turned so that its eye line is level
 */
public record FaceOptions(boolean align, Path log, boolean landmarks, boolean rotate) {
    /** The whole-frame path, as before faces were tracked. */
    public static final FaceOptions OFF = new FaceOptions(false, null, false, false);
    /** The face path, upright crops, no log. */
    public static final FaceOptions ALIGNED = new FaceOptions(true, null, false, false);

    public FaceOptions {
        if (!align && (log != null || landmarks || rotate)) {
            throw new IllegalArgumentException("face records and crop rotation need the face path (--faces auto)");
        }
    }
}
