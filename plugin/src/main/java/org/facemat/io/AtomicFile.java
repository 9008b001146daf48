package org.facemat.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written under a temporary name beside its final one ({@code name.partial}) and renamed when complete, so a
 * killed or failed write never leaves a half-written file under the final name.
 */
public final class AtomicFile {
    public static final String SUFFIX = ".partial";

    private final Path target;
    private final Path temp;

    public AtomicFile(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path name = abs.getFileName();
        if (name == null) {
            throw new IOException(target + ": not a file name");
        }
        this.target = abs;
        this.temp = abs.resolveSibling(name + SUFFIX);
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new IOException(target + ": cannot create the folder " + parent + " (" + describe(e) + ")", e);
            }
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(target + ": is a folder");
        }
    }

    /** The final name. */
    public Path target() {
        return target;
    }

    /** The temporary name to write to. */
    public Path temp() {
        return temp;
    }

    /** Renames the temporary file to the final name (replacing an older file). */
    public void commit() throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            abort();
            throw new IOException(target + ": cannot rename the finished file into place (" + describe(e) + ")", e);
        }
    }

    /** A short reason for a file-system error (Java's own messages are often just the path). */
    public static String describe(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way: " + e.getMessage();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "not found: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + ": " + fse.getFile();
        }
        return String.valueOf(e.getMessage());
    }

    /** Deletes the temporary file, if any. */
    public void abort() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // best effort: the final name was never written
        }
    }
}
