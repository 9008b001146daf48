package org.facemat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the shipped default model is: in the source tree beside the launcher. */
final class DefaultModel {
    static final String RELATIVE = "plugin/src/main/resources/models/facemat-init.onnx";

    private DefaultModel() {
    }

    static Path path() {
        String home = System.getProperty("facemat.home");
        Path p = (home != null ? Paths.get(home) : Paths.get("")).resolve(RELATIVE).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new CliFailure(ExitCode.MODEL_ERROR, p + ": default model not found (give --model <file.onnx>)");
        }
        return p;
    }
}
