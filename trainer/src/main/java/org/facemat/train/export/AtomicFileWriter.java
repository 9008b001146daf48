package org.facemat.train.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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
        Path out = target.toAbsolutePath();
        Path dir = out.getParent();
        if (dir == null || !Files.exists(dir)) {
            throw new IOException("cannot write " + out + ": folder " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot write " + out + ": " + dir + " is not a folder");
        }
        if (Files.isDirectory(out)) {
            throw new IOException("cannot write " + out + ": it is a folder");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": folder " + dir + " is not writable (" + e + ")", e);
        }
        boolean done = false;
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(os);
            }
            publicPermissions(tmp, out);
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot write " + out + ": the file system cannot rename atomically", e);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Temporary files are created owner-only; a model is read by other users (render nodes, hosts), so the result
     * gets the permissions of the file it replaces, or rw-r--r--.
     */
    private static void publicPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }
}
