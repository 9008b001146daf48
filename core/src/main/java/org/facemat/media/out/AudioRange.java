package org.facemat.media.out;

import java.nio.file.Path;

/**
 * The audio a movie output copies from its input: the source movie, the time of the rendered range's first frame from
 * the source's first frame, and the range's length, in seconds.
 */
public record AudioRange(Path source, double startSeconds, double durationSeconds) {
    /** A movie's reason for having no audio when its input has none (nothing to warn about). */
    public static final String NONE_IN_INPUT = "the input has no audio";

    public AudioRange {
        if (!(startSeconds >= 0) || !(durationSeconds > 0)) {
            throw new IllegalArgumentException("bad audio range " + startSeconds + " + " + durationSeconds + " s");
        }
    }
}
