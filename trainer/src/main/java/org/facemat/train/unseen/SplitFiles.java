package org.facemat.train.unseen;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.facemat.io.AtomicFile;

/** The split folder's files: each PNG written atomically, the manifest last, stale samples of a bigger run removed. */
final class SplitFiles {
    private static final Pattern SAMPLE = Pattern.compile("(\\d{4,})_(rgb|gt|trimap|skin)\\.png");

    private SplitFiles() {
    }

    static void png(BufferedImage im, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(im, "png", bytes)) {
            throw new IOException(file + ": no PNG writer");
        }
        AtomicFile.write(file, bytes.toByteArray());
    }

    /** Removes the sample files numbered {@code count} and up (left by an earlier, larger split). */
    static void removeFrom(Path folder, int count) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                var m = SAMPLE.matcher(f.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) >= count) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Prepares {@code folder} for a new split: made when missing; an earlier split's manifest is removed first (so a
     * failed run leaves no split that looks complete); any other non-empty folder is refused.
     */
    static void prepare(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IOException(folder + ": exists and is not a folder");
        }
        Files.createDirectories(folder);
        Path manifest = folder.resolve("manifest.json");
        if (Files.isRegularFile(manifest)) {
            Files.delete(manifest);
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            if (files.findAny().isPresent()) {
                throw new IOException(folder + ": not empty and not a split folder (no manifest.json); choose an "
                        + "empty or new folder");
            }
        }
    }
}
