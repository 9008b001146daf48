package org.facemat.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files and folders a command reads, and the check that none of its outputs is one of them: no command writes over
 * its own input, a camera original, a model or a roto matte. An output is refused when it names an input file, reaches
 * one through a symlink (of the file or of a folder on its way), or is a hard link of one; an output folder is
 * refused when it holds an input or lies inside an input folder. The check runs before anything is opened for
 * writing.
 */
public final class InputFiles {
    private final List<Entry> files = new ArrayList<>();
    private final List<Entry> folders = new ArrayList<>();
    // a sequence of thousands of frames is checked against thousands of output frames: looked up, not scanned
    private final Map<Path, Entry> byNormal = new HashMap<>();
    private final Map<Path, Entry> byReal = new HashMap<>();
    private final Map<Object, Entry> byKey = new HashMap<>();

    /** An input as given, its absolute normal form, its resolved form (links followed) and its inode, when it exists. */
    private record Entry(Path given, Path normal, Path real, Object key) {
        static Entry of(Path p) {
            Path normal = p.toAbsolutePath().normalize();
            return new Entry(p, normal, InputFiles.real(normal), InputFiles.key(normal));
        }
    }

    /** Adds an input file (it need not exist yet: a missing input is the reader's error to report). */
    public InputFiles file(Path file) {
        if (file != null) {
            Entry e = Entry.of(file);
            files.add(e);
            byNormal.putIfAbsent(e.normal(), e);
            byReal.putIfAbsent(e.real(), e);
            if (e.key() != null) {
                byKey.putIfAbsent(e.key(), e);
            }
        }
        return this;
    }

    /** Adds an input folder: every file in it, at any depth, is read. */
    public InputFiles folder(Path folder) {
        if (folder != null) {
            folders.add(Entry.of(folder));
        }
        return this;
    }

    /**
     * Refuses {@code output} when writing it would write over an input.
     *
     * @throws InputOverwriteException one line naming both paths
     */
    public void checkOutput(Path output) throws InputOverwriteException {
        Path normal = output.toAbsolutePath().normalize();
        Path real = real(normal);
        Object key = key(normal);
        Entry in = byNormal.get(normal);
        String how = "";
        if (in == null) {
            in = byReal.get(real);
            how = " (the same file through a symlink)";
        }
        if (in == null && key != null) {
            in = byKey.get(key);
            how = " (the same file: a hard link)";
        }
        if (in != null) {
            throw new InputOverwriteException(output + ": refusing to write over the input " + in.given() + how);
        }
        for (Entry folder : folders) {
            if (normal.startsWith(folder.normal()) || real.startsWith(folder.real())) {
                throw new InputOverwriteException(output + ": refusing to write inside the input folder "
                        + folder.given());
            }
        }
    }

    /**
     * Refuses {@code folder} as a command's output folder when it holds an input file or folder, is one, or lies
     * inside an input folder: a command owns the files of its output folder.
     *
     * @throws InputOverwriteException one line naming both paths
     */
    public void checkOutputFolder(Path folder) throws InputOverwriteException {
        Path normal = folder.toAbsolutePath().normalize();
        Path real = real(normal);
        for (Entry in : files) {
            if (in.normal().startsWith(normal) || in.real().startsWith(real)) {
                throw new InputOverwriteException(folder + ": refusing to write into a folder that holds the input "
                        + in.given() + " (choose another output folder)");
            }
        }
        for (Entry in : folders) {
            if (in.normal().startsWith(normal) || in.real().startsWith(real) || normal.startsWith(in.normal())
                    || real.startsWith(in.real())) {
                throw new InputOverwriteException(folder + ": refusing to write into the input folder " + in.given()
                        + " or one that holds it (choose another output folder)");
            }
        }
    }

    /**
     * The path with every link on its way resolved: the deepest existing ancestor's real path, with the rest appended
     * (so an output that does not exist yet is still resolved through a linked folder).
     */
    static Path real(Path normal) {
        Path existing = normal;
        Path rest = null;
        while (existing != null) {
            try {
                Path r = existing.toRealPath();
                return rest == null ? r : r.resolve(rest);
            } catch (IOException e) {
                Path name = existing.getFileName();
                if (name == null) {
                    break;
                }
                rest = rest == null ? name : name.resolve(rest);
                existing = existing.getParent();
            }
        }
        return normal;
    }

    /** The file's identity (device and inode on POSIX), or null when it does not exist or has none. */
    private static Object key(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                return null;
            }
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether an input was added; for tests and messages. */
    public boolean isEmpty() {
        return files.isEmpty() && folders.isEmpty();
    }

    @Override
    public String toString() {
        return "inputs " + files.stream().map(Entry::given).toList() + ", folders "
                + folders.stream().map(Entry::given).toList();
    }

    /** An output that would write over an input: a usage error, refused before anything is written. */
    public static final class InputOverwriteException extends IOException {
        public InputOverwriteException(String message) {
            super(Objects.requireNonNull(message));
        }
    }

}
