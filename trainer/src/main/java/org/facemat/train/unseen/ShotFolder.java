package org.facemat.train.unseen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shot folder: new or empty, or an earlier shot (its manifest removed first, so a failed run leaves nothing that
 * looks complete, and its frame PNGs removed, so a longer earlier shot leaves no stale roto frame behind).
 */
final class ShotFolder {
    static final String ROTO = "roto";
    static final String GT = "gt";
    private static final Pattern FRAME = Pattern.compile("shot\\.\\d{4,}\\.png");

    private ShotFolder() {
    }

    /** {@code shot.NNNN.png}: a name {@code StudioShot} reads as frame NNNN. */
    static String frameName(int frame) {
        return String.format(Locale.ROOT, "shot.%04d.png", frame);
    }

    static void prepare(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException(out + ": exists and is not a folder");
        }
        Files.createDirectories(out);
        if (!Files.deleteIfExists(out.resolve(UnseenShot.MANIFEST))) {
            try (Stream<Path> files = Files.list(out)) {
                if (files.findAny().isPresent()) {
                    throw new IOException(out + ": not empty and not a shot folder (no " + UnseenShot.MANIFEST
                            + "); choose an empty or new folder");
                }
            }
        }
        for (String sub : new String[] {ROTO, GT}) {
            Path dir = Files.createDirectories(out.resolve(sub));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (FRAME.matcher(f.getFileName().toString()).matches()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
