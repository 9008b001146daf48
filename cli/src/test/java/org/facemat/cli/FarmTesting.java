package org.facemat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the farm tests share: a float EXR preset, frame names, pixel differences. */
final class FarmTesting {
    private FarmTesting() {
    }

    /** A preset writing {@code {out}.####.exr} with 32-bit float channels, so that differences are not rounded. */
    static Path floatPreset(Path dir) throws IOException {
        Path preset = dir.resolve("float-exr.json");
        Files.writeString(preset, """
                {
                  "name": "float-exr",
                  "description": "test: float EXR, A + facemat.uncertainty",
                  "passes": [
                    {"type": "exr", "path": "{out}.####.exr", "pixels": "float", "compression": "zip"}
                  ]
                }
                """);
        return preset;
    }

    /** Frame n of the output base {@code folder/m}. */
    static Path frame(Path folder, long n) {
        return folder.resolve(String.format("m.%04d.exr", n));
    }

    static double maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("sizes differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
