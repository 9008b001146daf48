package org.facemat.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file written under a temporary name beside its final one and renamed when complete, so a killed or failed write
 * never leaves a half-written file under the final name. The one rule for every writer of the product:
 * <ul>
 *   <li>the temporary file is created new ({@code O_EXCL}: an existing file or symlink of that name makes it pick
 *       another name, it never writes through a link), hidden, and named
 *       {@code .<final name>.facemat-<host>-<pid>-<random>.tmp}, so a reader of the folder's final names never sees
 *       it and the sweep ({@link #isAbandoned}) can tell whose it is;</li>
 *   <li>the rename replaces the final name itself: a symlink there is replaced, never followed.</li>
 * </ul>
 */
public final class AtomicFile {
    private static final String MARK = ".facemat-";
    private static final String END = ".tmp";
    private static final Pattern TEMP = Pattern.compile("^\\.(.+)\\.facemat-([A-Za-z0-9]+)-(\\d+)-([0-9a-f]+)\\.tmp$");
    /** A leftover of another machine may belong to a render still running there: removed only when this old. */
    static final long FOREIGN_AGE_MILLIS = 24L * 3600 * 1000;

    private final Path target;
    private final Path temp;

    /**
     * Creates the temporary file (empty) beside {@code target}, and the folder when missing.
     *
     * @throws IOException with one line naming {@code target} when the folder cannot be made, {@code target} is a
     *     folder or the temporary file cannot be created
     */
    public AtomicFile(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path name = abs.getFileName();
        if (name == null) {
            throw new IOException(target + ": not a file name");
        }
        this.target = abs;
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new IOException(target + ": cannot create the folder " + parent + " (" + describe(e) + ")", e);
            }
        }
        if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + ": is a folder");
        }
        Path created = null;
        for (int attempt = 0; created == null; attempt++) {
            Path candidate = abs.resolveSibling(tempName(name.toString()));
            try {
                Files.newByteChannel(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                created = candidate;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw new IOException(target + ": cannot create a temporary file (" + describe(e) + ")", e);
                }
            } catch (IOException e) {
                throw new IOException(target + ": cannot create a temporary file in " + parent + " (" + describe(e)
                        + ")", e);
            }
        }
        this.temp = created;
    }

    /** The final name. */
    public Path target() {
        return target;
    }

    /** The temporary file to write to: it exists, empty, and is this writer's alone. */
    public Path temp() {
        return temp;
    }

    /** Renames the temporary file to the final name (replacing an older file, or a symlink, of that name). */
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

    /** Deletes the temporary file, if any. */
    public void abort() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // best effort: the final name was never written
        }
    }

    /** Writes {@code bytes} as the whole of {@code target}, atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        AtomicFile file = new AtomicFile(target);
        try {
            Files.write(file.temp(), bytes, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            file.abort();
            throw new IOException(target + ": cannot write (" + describe(e) + ")", e);
        }
        file.commit();
    }

    /** A file's content, written to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * Streams {@code content} into {@code target}, atomically; the folder must exist. A failure removes the temporary
     * file and is one line naming {@code target}.
     */
    public static void stream(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": folder " + dir + " does not exist");
        }
        AtomicFile file = new AtomicFile(target);
        boolean done = false;
        try {
            try (java.io.OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(file.temp()),
                    1 << 16)) {
                content.writeTo(os);
            } catch (IOException e) {
                throw new IOException("cannot write " + target + ": " + describe(e), e);
            }
            file.commit();
            done = true;
        } finally {
            if (!done) {
                file.abort();
            }
        }
    }

    /**
     * A folder of files written under a temporary name of this class's rule and renamed into place when complete
     * (a training checkpoint): a kill leaves a whole folder or a leftover the sweep recognises, never a half one under
     * the final name. Not for a folder that already exists under the final name: {@link #commit} replaces it.
     */
    public static final class Folder {
        private final Path target;
        private final Path temp;

        public Folder(Path target) throws IOException {
            this.target = target.toAbsolutePath();
            Path parent = this.target.getParent();
            Files.createDirectories(parent);
            Path t = null;
            for (int attempt = 0; t == null; attempt++) {
                Path candidate = parent.resolve(tempName(this.target.getFileName().toString()));
                try {
                    Files.createDirectory(candidate);
                    t = candidate;
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= 16) {
                        throw new IOException(target + ": cannot create a temporary folder (" + describe(e) + ")", e);
                    }
                }
            }
            this.temp = t;
        }

        /** Where the files go until {@link #commit}. */
        public Path temp() {
            return temp;
        }

        /** Removes what is under the final name, then renames the temporary folder to it. */
        public void commit() throws IOException {
            deleteTree(target);
            Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        /** Removes the temporary folder. */
        public void abort() {
            try {
                deleteTree(temp);
            } catch (IOException ignored) {
                // a leftover of this rule: the next sweep of the folder takes it
            }
        }

        /** Removes the temporary folders of this rule in {@code parent} that no running writer owns. */
        public static void sweep(Path parent) throws IOException {
            if (!Files.isDirectory(parent)) {
                return;
            }
            try (java.util.stream.Stream<Path> s = Files.list(parent)) {
                for (Path p : s.filter(q -> Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    if (isAbandoned(p)) {
                        deleteTree(p);
                    }
                }
            }
        }

        /** Deletes a folder and everything in it (nothing when it is not there); symbolic links are not followed. */
        public static void deleteTree(Path p) throws IOException {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (java.util.stream.Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }

    /** Writes {@code text} (UTF-8) as the whole of {@code target}, atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ names and the sweep

    static String tempName(String finalName) {
        return "." + finalName + MARK + Owner.HOST + "-" + Owner.PID + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8) + END;
    }

    /** The final name a temporary file of this rule was meant for, or empty when the name is not one. */
    public static Optional<String> finalNameOf(String name) {
        Matcher m = TEMP.matcher(name);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Whether {@code temp} (a name of this rule) is a leftover that no running writer owns: made on this machine by a
     * process that has ended, or made on another machine and untouched for a day. A temporary file of a process still
     * running (this one included: two renders in one host application) is never abandoned.
     */
    public static boolean isAbandoned(Path temp) {
        Matcher m = TEMP.matcher(String.valueOf(temp.getFileName()));
        if (!m.matches()) {
            return false;
        }
        if (m.group(2).equals(Owner.HOST)) {
            long pid;
            try {
                pid = Long.parseLong(m.group(3));
            } catch (NumberFormatException e) {
                return false;
            }
            return pid != Owner.PID && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
        try {
            long age = System.currentTimeMillis()
                    - Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toMillis();
            return age > FOREIGN_AGE_MILLIS;
        } catch (IOException e) {
            return false;
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

    /** This process: the machine's name reduced to letters and digits, and the process id. */
    static final class Owner {
        static final String HOST = host();
        static final long PID = ProcessHandle.current().pid();

        private static String host() {
            String h = System.getenv("HOSTNAME");
            if (h == null || h.isBlank()) {
                try {
                    h = Files.readString(Path.of("/etc/hostname")).trim();
                } catch (IOException | RuntimeException e) {
                    h = null;
                }
            }
            if (h == null || h.isBlank()) {
                try {
                    h = java.net.InetAddress.getLocalHost().getHostName();
                } catch (IOException e) {
                    h = "localhost";
                }
            }
            String clean = h.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            return clean.isEmpty() ? "localhost" : clean;
        }
    }
}
