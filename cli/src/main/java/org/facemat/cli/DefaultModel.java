package org.facemat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.facemat.model.ShippedModels;

/** Where the shipped models are: {@code models/} of an installed command line, else in the source tree. */
public final class DefaultModel {
    public static final String FOLDER = "core/src/main/resources/models";
    /** The folder in the installed archive ({@code dist/build.sh}). */
    public static final String INSTALLED = "models";

    private DefaultModel() {
    }

    /** The model renders use when none is given: see {@link ShippedModels#defaultIn}. */
    public static Path path() {
        return existing(ShippedModels.defaultIn(folder()));
    }

    /**
     * A {@code --model} value: a file that exists is that file; otherwise a shipped model's name, with or without
     * {@code .onnx} ({@code facemat-face}, {@code facemat-face-fp16}, {@code facemat-face-2.0.0}, {@code facemat-face-1.1.0}, {@code facemat-init}),
     * is that model in the shipped folder; anything else is returned as given, for the caller's "not found".
     * Null means the default model.
     */
    public static Path resolve(Path given) {
        if (given == null) {
            return path();
        }
        if (Files.exists(given)) {
            return given;
        }
        Path shipped = shipped(given.toString());
        return shipped != null ? shipped : given;
    }

    /** The shipped model of that name (a bare name, with or without .onnx), or null when there is none. */
    public static Path shipped(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            return null;
        }
        String file = name.endsWith(".onnx") ? name : name + ".onnx";
        Path p = folder().resolve(file);
        return Files.isRegularFile(p) ? p : null;
    }

    /** The imported RVM network, where training starts by default. */
    public static Path init() {
        return existing(folder().resolve(ShippedModels.INIT));
    }

    /** The shipped models' folder (the matting models and the face models). */
    public static Path folder() {
        String home = System.getProperty("facemat.home");
        Path base = (home != null ? Paths.get(home) : Paths.get("")).toAbsolutePath();
        Path installed = base.resolve(INSTALLED);
        return (Files.isDirectory(installed) ? installed : base.resolve(FOLDER)).normalize();
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new CliFailure(ExitCode.MODEL_ERROR, p + ": default model not found (give --model <file.onnx>)");
        }
        return p;
    }
}
