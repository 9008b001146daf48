package org.facemat.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.facemat.io.AtomicFile;
import org.facemat.media.FramePattern;

/**
 * Removes what a killed render left of its outputs: temporary files that were never renamed into place
 * ({@code .<frame>.tmp-<random>} from the EXR writer, {@code <file>.partial} from the others). Only names that belong
 * to this render's outputs are touched.
 */
final class StaleTemporaries {
    private StaleTemporaries() {
    }

    static int sweep(PassSpec spec) {
        Path target = Path.of(spec.path()).toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        FramePattern pattern = spec.kind().isSequence() ? FramePattern.parse(target) : null;
        String movieName = target.getFileName().toString();
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String final_ = finalName(p.getFileName().toString());
                if (final_ == null) {
                    continue;
                }
                boolean ours = pattern != null ? pattern.numberOf(final_).isPresent() : final_.equals(movieName);
                if (ours && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            // leftovers are harmless: they never carry a final name
        }
        return removed;
    }

    /** The final name a temporary file was meant for, or null when it is not a temporary file. */
    static String finalName(String name) {
        if (name.endsWith(AtomicFile.SUFFIX)) {
            return name.substring(0, name.length() - AtomicFile.SUFFIX.length());
        }
        int tmp = name.lastIndexOf(".tmp-");
        if (name.startsWith(".") && tmp > 1) {
            return name.substring(1, tmp);
        }
        return null;
    }
}
