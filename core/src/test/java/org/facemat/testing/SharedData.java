package org.facemat.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared data folder (faces, occluders, RVM weights and reference outputs) beside the checkout.
 * Tests that need it call {@link #require(String)}, which skips them with a visible reason when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String p = System.getProperty("facemat.shared");
        if (p == null || p.isBlank()) {
            p = System.getenv().getOrDefault("FACEMAT_SHARED", "../shared");
        }
        return Paths.get(p).toAbsolutePath().normalize();
    }

    /** The file or folder at {@code relative} under the shared root; skips the calling test when it is missing. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String reason = "SKIPPED: shared data not found at " + p + " (the tests that use ../shared run in CI)";
            System.err.println(reason);
            assumeTrue(false, reason);
        }
        return p;
    }
}
