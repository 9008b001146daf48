package org.facemat.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Frames of a movie or an image sequence, decoded by FFmpeg to planar float RGB (see {@link Frame}).
 *
 * <p>Frame numbers: a movie numbers its frames 0, 1, 2, ... in presentation order (frame N is the N-th picture the
 * decoder shows, whatever the bitstream order, for constant and variable frame rates alike), unless
 * {@link SourceOptions#numberFromTimecode()} asks to start at the frame count of the start timecode. An image
 * sequence uses the numbers in its file names: {@code shot.1001.exr} is frame 1001.
 *
 * <p>Not thread-safe. {@link #read(long)} and {@link #next()} return the same reused {@link Frame} object.
 */
public interface FrameSource extends AutoCloseable {

    /** Extensions opened as still images (one file per frame); everything else is opened as a movie. */
    Set<String> IMAGE_EXTENSIONS = Set.of("png", "exr", "tif", "tiff", "jpg", "jpeg", "dpx", "bmp", "tga", "webp");

    /** Opens {@code path} with the {@link SourceOptions#DEFAULT default options}. */
    static FrameSource open(Path path) throws MediaException {
        return open(path, SourceOptions.DEFAULT);
    }

    /**
     * Opens a movie ({@code clip.mov}), an image sequence pattern ({@code shot.%04d.png}, {@code shot.####.exr}), or
     * one numbered image of a sequence ({@code shot.1001.exr} opens the whole sequence). A still image without a
     * number in its name is a one-frame sequence numbered 0.
     */
    static FrameSource open(Path path, SourceOptions options) throws MediaException {
        if (FramePattern.isPattern(path) && !Files.exists(path)) {
            return ImageSequenceSource.open(FramePattern.parse(path), path, options);
        }
        if (isImage(path)) {
            if (!Files.exists(path)) {
                throw new MediaException(path, "file not found");
            }
            Optional<FramePattern> seq = FramePattern.ofNumberedFile(path);
            if (seq.isPresent()) {
                return ImageSequenceSource.open(seq.get(), path, options);
            }
            return ImageSequenceSource.openSingle(path, options);
        }
        return MovieSource.open(path, options);
    }

    /**
     * The image sequence {@link #open} reads for {@code path}, or empty when it reads one file (a movie or a still
     * without a frame number).
     *
     * @throws IllegalArgumentException when {@code path} is a malformed pattern
     */
    static Optional<FramePattern> sequenceOf(Path path) {
        if (FramePattern.isPattern(path) && !Files.exists(path)) {
            return Optional.of(FramePattern.parse(path));
        }
        return isImage(path) ? FramePattern.ofNumberedFile(path) : Optional.empty();
    }

    /**
     * The files {@link #open} reads for {@code path}: the frames of its sequence present on disk, or the file itself.
     *
     * @throws IOException when the sequence's folder cannot be listed
     * @throws IllegalArgumentException when {@code path} is a malformed pattern
     */
    static java.util.Collection<Path> filesOf(Path path) throws java.io.IOException {
        Optional<FramePattern> seq = sequenceOf(path);
        return seq.isPresent() ? seq.get().scan().values() : java.util.List.of(path);
    }

    private static boolean isImage(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return IMAGE_EXTENSIONS.contains(dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The file or pattern this source was opened from. */
    Path path();

    int width();

    int height();

    /** Number of frame numbers from {@link #firstFrameNumber()} to {@link #lastFrameNumber()} (missing ones too). */
    long frameCount();

    /** The number of the first frame: 0 for movies (or the start timecode as a frame count), e.g. 1001 for shots. */
    long firstFrameNumber();

    default long lastFrameNumber() {
        return firstFrameNumber() + frameCount() - 1;
    }

    /** Whether the frames hold scene-linear floats (OpenEXR): what {@link ColorSpace#AUTO} resolves against. */
    default boolean sceneLinear() {
        return false;
    }

    /**
     * The frame rate: the stream's rate for constant-rate movies, the average rate for variable-rate movies, and
     * {@link SourceOptions#sequenceFrameRate()} for image sequences.
     */
    FrameRate frameRate();

    /** True when the movie's frame durations differ (frames are then still numbered in presentation order). */
    boolean variableFrameRate();

    /** Presentation time of frame {@code frameNumber} in seconds from the first frame. */
    double presentationTime(long frameNumber) throws MediaException;

    /** The timecode of the first frame, when the container carries one. */
    Optional<Timecode> timecode();

    /** Frame numbers between the first and the last whose files are missing (image sequences; empty for movies). */
    List<Long> missingFrames();

    /** Codec and pixel format as FFmpeg names them, e.g. {@code h264 yuv420p} or {@code png rgb48be}. */
    String format();

    /**
     * Frame {@code frameNumber} (exact: a seek to the keyframe before it, then decoding forward to it).
     *
     * @throws MediaException when the number is outside the source, the frame is missing or it cannot be decoded
     */
    Frame read(long frameNumber) throws MediaException;

    /**
     * The frame after the one returned last (the first frame after opening), or {@code null} after the last frame.
     * In an image sequence a missing file throws; the following call goes on after it.
     */
    Frame next() throws MediaException;

    @Override
    void close();
}
