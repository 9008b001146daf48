package org.facemat.train.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.io.AtomicFile;

/**
 * Writes a file so that readers see either the old file or the complete new one: the content goes to a temporary
 * file in the target's folder (same file system, so the rename is atomic) and is renamed over the target at the end.
 * A failure at any point removes the temporary file.
 */
final class AtomicFileWriter {
    /** The content of the file, written to the stream it is given. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFileWriter() {
    }

    static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": folder " + dir + " does not exist");
        }
        AtomicFile file = new AtomicFile(target);
        boolean done = false;
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file.temp()), 1 << 16)) {
                content.writeTo(os);
            } catch (IOException e) {
                throw new IOException("cannot write " + target + ": " + AtomicFile.describe(e), e);
            }
            file.commit();
            done = true;
        } finally {
            if (!done) {
                file.abort();
            }
        }
    }
}
