package org.facemat.media.exr;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the OpenEXR and OpenImageIO command-line tools; tests that need a missing tool skip with a printed reason. */
final class ExternalTools {

    record Result(int exitCode, String output) {
    }

    private ExternalTools() {
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the calling test, with a printed reason, when {@code tool} is not on PATH. */
    static void require(String tool, String debianPackage) {
        if (!onPath(tool)) {
            String reason = "SKIPPED: '" + tool + "' is not on PATH (Debian/Ubuntu: apt-get install " + debianPackage
                    + ")";
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        pump.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        pump.join(10_000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    /** Runs the command and fails the test (showing the output) when it exits with non-zero status. */
    static String runOk(String... command) throws IOException, InterruptedException {
        Result r = run(command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }
}
