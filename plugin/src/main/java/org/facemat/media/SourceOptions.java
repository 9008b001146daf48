package org.facemat.media;

/**
 * How {@link FrameSource#open(java.nio.file.Path, SourceOptions)} reads a source.
 *
 * @param sequenceFrameRate  the frame rate given to image sequences, which carry none (default 24/1)
 * @param numberFromTimecode number a movie's frames from its start timecode (01:00:00:00 at 25 fps gives 90000 for
 *                           the first frame) instead of from 0; movies without a timecode still start at 0
 */
public record SourceOptions(FrameRate sequenceFrameRate, boolean numberFromTimecode) {
    public static final SourceOptions DEFAULT = new SourceOptions(FrameRate.of(24), false);

    public SourceOptions {
        if (sequenceFrameRate == null) {
            throw new IllegalArgumentException("sequenceFrameRate is null");
        }
    }

    public SourceOptions withSequenceFrameRate(FrameRate rate) {
        return new SourceOptions(rate, numberFromTimecode);
    }

    public SourceOptions withNumberFromTimecode(boolean on) {
        return new SourceOptions(sequenceFrameRate, on);
    }
}
