package org.facemat.media.exr;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a valid OpenEXR file, is truncated or corrupt, or uses a feature this package does not read. */
public class ExrFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ExrFormatException(Path file, String problem) {
        super("Invalid EXR file " + file + ": " + oneLine(problem));
        this.file = file;
    }

    public ExrFormatException(Path file, String problem, Throwable cause) {
        super("Invalid EXR file " + file + ": " + oneLine(problem), cause);
        this.file = file;
    }

    /** Names and types quoted from a damaged file may hold any byte: control characters show as '?'. */
    static String oneLine(String problem) {
        StringBuilder sb = new StringBuilder(problem.length());
        problem.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }
}
