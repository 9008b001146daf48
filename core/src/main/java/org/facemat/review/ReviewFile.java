package org.facemat.review;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facemat.io.AtomicFile;

/**
 * A shot's review: its per-frame scores and the flagged ranges, as written beside a render
 * ({@code <out>.review.json}) and read by {@code facemat review} (format in {@code docs/review.md}).
 *
 * @param format    {@link #FORMAT}
 * @param shot      the shot's name (the output's base name)
 * @param input     the rendered input
 * @param model     the model's name and version
 * @param fps       the frame rate, as {@code num/den}
 * @param settings  the render settings that change the matte (ratio, pre-roll, faces, colour space)
 * @param threshold the score above which a frame is flagged
 * @param frames    one score per written frame, in frame order
 * @param flagged   the flagged ranges
 */
public record ReviewFile(String format, String shot, String input, String model, String fps,
                         Map<String, String> settings, double threshold, List<FrameScore> frames,
                         List<FlaggedRange> flagged) {
    public static final String FORMAT = "facemat-review 1";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** A review of these scores at this threshold (the flagged ranges worked out from them). */
    public static ReviewFile of(String shot, String input, String model, String fps, Map<String, String> settings,
                                double threshold, List<FrameScore> frames) {
        List<FrameScore> sorted = new ArrayList<>(frames);
        sorted.sort((a, b) -> Long.compare(a.frame(), b.frame()));
        return new ReviewFile(FORMAT, shot, input, model, fps, settings, threshold, List.copyOf(sorted),
                FlaggedRange.of(sorted, threshold));
    }

    /** The same scores flagged at another threshold. */
    public ReviewFile withThreshold(double t) {
        return of(shot, input, model, fps, settings, t, frames);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    /** Written to a temporary name and renamed into place. */
    public void write(Path file) throws IOException {
        AtomicFile.writeString(file, toJson() + "\n");
    }

    /** @throws IOException naming the file and what is wrong with it */
    public static ReviewFile read(Path file) throws IOException {
        ReviewFile r;
        try {
            r = GSON.fromJson(Files.readString(file), ReviewFile.class);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": not a FaceMat review file (" + e.getMessage() + ")");
        }
        if (r == null || !FORMAT.equals(r.format()) || r.frames() == null) {
            throw new IOException(file + ": not a FaceMat review file (no \"format\": \"" + FORMAT + "\" or no frames)");
        }
        return r;
    }
}
