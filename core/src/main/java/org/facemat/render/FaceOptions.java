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
 * @param models    the folder holding the face detector and the face mesh (the shipped models' folder)
 */
public record FaceOptions(boolean align, Path log, boolean landmarks, boolean rotate, Path models) {
    /** The whole-frame path, as before faces were tracked. */
    public static final FaceOptions OFF = new FaceOptions(false, null, false, false, null);

    public FaceOptions {
        if (!align && (log != null || landmarks || rotate)) {
            throw new IllegalArgumentException("face records and crop rotation need the face path (--faces auto)");
        }
        if (align && models == null) {
            throw new IllegalArgumentException("the face path needs the face models' folder");
        }
    }

    /** The face path with upright crops and no log, its models in {@code models}. */
    public static FaceOptions aligned(Path models) {
        return new FaceOptions(true, null, false, false, models);
    }
}
