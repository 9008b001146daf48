package org.facemat.model;

import java.nio.file.Path;

/** Where TensorRT engines are kept between runs: built once per model and GPU ($XDG_CACHE_HOME or ~/.cache). */
public final class EngineCache {
    private EngineCache() {
    }

    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("facemat").resolve("tensorrt");
    }
}
