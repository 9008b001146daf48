package org.facemat.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.facemat.io.InputFiles;
import org.facemat.media.FrameSource;

/** The commands' check that an output is none of their inputs, as a usage error (exit 2) naming both paths. */
public final class OutputGuard {
    private OutputGuard() {
    }

    /** Adds a shot's files: a movie, or every frame of a sequence present on disk. */
    public static InputFiles withSource(InputFiles inputs, Path source) {
        try {
            for (Path f : FrameSource.filesOf(source)) {
                inputs.file(f);
            }
        } catch (IOException | IllegalArgumentException e) {
            inputs.file(source); // unreadable: the reader reports it; protect the name as given
        }
        return inputs;
    }

    public static void file(InputFiles inputs, Path output) {
        try {
            inputs.checkOutput(output);
        } catch (InputFiles.InputOverwriteException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
    }

    public static void folder(InputFiles inputs, Path output) {
        try {
            inputs.checkOutputFolder(output);
        } catch (InputFiles.InputOverwriteException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
    }
}
