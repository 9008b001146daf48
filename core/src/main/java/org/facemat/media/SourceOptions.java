package org.facemat.media;

/**
 * How {@link FrameSource#open(java.nio.file.Path, SourceOptions)} reads a source.
 *
 * @param sequenceFrameRate  the frame rate given to image sequences, which carry none (default 24/1)
 * @param numberFromTimecode number a movie's frames from its start timecode (01:00:00:00 at 25 fps gives 90000 for
 *                           the first frame) instead of from 0; movies without a timecode still start at 0
 * @param framesFrom         the first frame the caller means to read, or null for the source's first
 * @param framesTo           the last frame the caller means to read, or null for the source's last; an image
 *                           sequence lists its missing frames only between these two (see
 *                           {@link FrameSource#missingFrames()})
 * @param startFrame         the number the source's first frame gets (a movie's first picture, a sequence's first
 *                           file), or null: movies from 0 (or their timecode), sequences by their file names.
 *                           {@code framesFrom}/{@code framesTo} count in this numbering
 */
public record SourceOptions(FrameRate sequenceFrameRate, boolean numberFromTimecode, Long framesFrom, Long framesTo,
                            Long startFrame) {
    public static final SourceOptions DEFAULT = new SourceOptions(FrameRate.of(24), false);

    public SourceOptions {
        if (sequenceFrameRate == null) {
            throw new IllegalArgumentException("sequenceFrameRate is null");
        }
    }

    public SourceOptions(FrameRate sequenceFrameRate, boolean numberFromTimecode) {
        this(sequenceFrameRate, numberFromTimecode, null, null, null);
    }

    public SourceOptions(FrameRate sequenceFrameRate, boolean numberFromTimecode, Long framesFrom, Long framesTo) {
        this(sequenceFrameRate, numberFromTimecode, framesFrom, framesTo, null);
    }

    /** Numbers the source's first frame {@code n} (null: its own numbering). */
    public SourceOptions withStartFrame(Long n) {
        return new SourceOptions(sequenceFrameRate, numberFromTimecode, framesFrom, framesTo, n);
    }

    public SourceOptions withSequenceFrameRate(FrameRate rate) {
        return new SourceOptions(rate, numberFromTimecode, framesFrom, framesTo, startFrame);
    }

    public SourceOptions withNumberFromTimecode(boolean on) {
        return new SourceOptions(sequenceFrameRate, on, framesFrom, framesTo, startFrame);
    }

    /** The frames the caller means to read (either may be null: from the first, to the last). */
    public SourceOptions withFrames(Long from, Long to) {
        return new SourceOptions(sequenceFrameRate, numberFromTimecode, from, to, startFrame);
    }
}
