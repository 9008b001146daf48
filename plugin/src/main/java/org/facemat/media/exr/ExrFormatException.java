package org.facemat.media.exr;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a valid OpenEXR file, is truncated or corrupt, or uses a feature this package does not read. */
public class ExrFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ExrFormatException(Path file, String problem) {
        super("Invalid EXR file " + file + ": " + problem);
        this.file = file;
    }

    public ExrFormatException(Path file, String problem, Throwable cause) {
        super("Invalid EXR file " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }
}
