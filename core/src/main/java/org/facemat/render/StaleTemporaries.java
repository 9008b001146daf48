package org.facemat.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.facemat.io.AtomicFile;
import org.facemat.media.FramePattern;

/**
 * Removes what a killed render left of its outputs: temporary files of {@link AtomicFile}'s rule that were never
 * renamed into place. Only names that belong to this render's outputs are touched, of a sequence only the frames of
 * this render's range, and only leftovers no running writer owns ({@link AtomicFile#isAbandoned}): on a farm, the
 * chunks of one shot write into one folder at the same time, and two renders may write one movie; one must not delete
 * the file another is writing.
 */
final class StaleTemporaries {
    private StaleTemporaries() {
    }

    /** Sweeps every frame number of a sequence (and the movie's leftover). */
    static int sweep(PassSpec spec) {
        return sweep(spec, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Sweeps the leftovers of frames {@code first..last} of a sequence, or the movie's leftover. */
    static int sweep(PassSpec spec, long first, long last) {
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
                boolean ours;
                if (pattern != null) {
                    java.util.OptionalLong n = pattern.numberOf(final_);
                    ours = n.isPresent() && n.getAsLong() >= first && n.getAsLong() <= last;
                } else {
                    ours = final_.equals(movieName);
                }
                // whether its writer still runs is asked only of this render's own names
                if (ours && AtomicFile.isAbandoned(p) && Files.deleteIfExists(p)) {
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
        return AtomicFile.finalNameOf(name).orElse(null);
    }
}
