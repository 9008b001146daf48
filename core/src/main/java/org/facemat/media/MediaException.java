package org.facemat.media;

import java.nio.file.Path;

/**
 * A movie or image sequence that cannot be read. The message is one line: the file, then the problem, and the frame
 * number when the problem is one frame ({@code clip.mov: frame 42: cannot decode (Invalid data found ...)}).
 */
public class MediaException extends Exception {
    private final Path file;
    private final long frame;

    /** A problem with the whole file. */
    public MediaException(Path file, String problem) {
        this(file, problem, null);
    }

    public MediaException(Path file, String problem, Throwable cause) {
        super(oneLine(file + ": " + problem), cause);
        this.file = file;
        this.frame = -1;
    }

    /** A problem with one frame of the file. */
    public MediaException(Path file, long frame, String problem) {
        super(oneLine(file + ": frame " + frame + ": " + problem));
        this.file = file;
        this.frame = frame;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }

    /** The frame number the problem is in, or -1 when it concerns the whole file. */
    public long frame() {
        return frame;
    }

    static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").trim();
    }
}
