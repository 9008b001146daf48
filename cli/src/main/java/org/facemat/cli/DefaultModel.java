package org.facemat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.facemat.model.ShippedModels;

/** Where the shipped models are: in the source tree beside the launcher. */
final class DefaultModel {
    static final String FOLDER = "plugin/src/main/resources/models";

    private DefaultModel() {
    }

    /** The model renders use when none is given: see {@link ShippedModels#defaultIn}. */
    static Path path() {
        return existing(ShippedModels.defaultIn(folder()));
    }

    /** The imported RVM network, where training starts by default. */
    static Path init() {
        return existing(folder().resolve(ShippedModels.INIT));
    }

    /** The shipped models' folder (the matting models and the face models). */
    static Path folder() {
        String home = System.getProperty("facemat.home");
        return (home != null ? Paths.get(home) : Paths.get("")).resolve(FOLDER).toAbsolutePath().normalize();
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new CliFailure(ExitCode.MODEL_ERROR, p + ": default model not found (give --model <file.onnx>)");
        }
        return p;
    }
}
