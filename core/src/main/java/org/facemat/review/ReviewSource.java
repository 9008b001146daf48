package org.facemat.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facemat.media.FramePattern;
import org.facemat.media.FrameSource;
import org.facemat.media.Timecode;
import org.facemat.media.exr.ExrHeader;
import org.facemat.media.exr.ExrReader;
import org.facemat.render.ExrPass;

/**
 * A render to review: its scores ({@link ReviewFile}) and where its pictures are, found from what a user names: the
 * review file ({@code renders/sh010.review.json}), the EXR frames ({@code renders/sh010.####.exr}, whose headers
 * carry each frame's score: how a chunked farm render is reviewed, since its chunks write no review file) or the
 * render's base path ({@code renders/sh010}: the review file when there is one, else the frames).
 *
 * @param review     the scores
 * @param from       the file or pattern the scores were read from
 * @param frames     the render's EXR frames (matte and uncertainty), or null when there are none
 * @param plate      the plate (the render's input), or null when it cannot be found
 * @param notes      what could not be found, for the report to say
 */
public record ReviewSource(ReviewFile review, Path from, FramePattern frames, Path plate, List<String> notes) {
    private static final String SUFFIX = ".review.json";

    /**
     * Finds the review of {@code what}.
     *
     * @param plate the plate to show, overriding the review's input; or null
     * @throws IOException one line naming the file and the problem when there is no review to read
     */
    public static ReviewSource open(Path what, Path plate) throws IOException {
        String name = what.getFileName() == null ? "" : what.getFileName().toString();
        if (Files.isDirectory(what)) {
            throw new IOException(what + ": is a folder; name the render's .review.json, its frames "
                    + "(name.####.exr) or its base path");
        }
        if (name.endsWith(SUFFIX)) {
            if (!Files.isRegularFile(what)) {
                throw new IOException(what + ": file not found");
            }
            ReviewFile r = ReviewFile.read(what);
            Path base = what.resolveSibling(name.substring(0, name.length() - SUFFIX.length()));
            return withPictures(r, what, exrFrames(base), plate);
        }
        if (FramePattern.isPattern(what)) {
            FramePattern p;
            try {
                p = FramePattern.parse(what);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage());
            }
            if (!p.extension().equals("exr")) {
                throw new IOException(what + ": not an OpenEXR sequence (the scores are in the EXR headers of a "
                        + "render; other outputs have a .review.json beside them)");
            }
            return withPictures(fromHeaders(p), what, p, plate);
        }
        Path json = what.resolveSibling(name + SUFFIX);
        if (Files.isRegularFile(json)) {
            return withPictures(ReviewFile.read(json), json, exrFrames(what), plate);
        }
        FramePattern p = exrFrames(what);
        if (p != null) {
            return withPictures(fromHeaders(p), p.path(p.scan().firstKey()), p, plate);
        }
        throw new IOException(what + ": no review file (" + json.getFileName() + ") and no EXR frames ("
                + name + ".####.exr) there");
    }

    /** The EXR frames of the render with this base path, or null when there are none. */
    static FramePattern exrFrames(Path base) throws IOException {
        String name = base.getFileName() == null ? "" : base.getFileName().toString();
        if (name.isEmpty()) {
            return null;
        }
        FramePattern p = FramePattern.parse(base.resolveSibling(name + ".####.exr"));
        return Files.isDirectory(p.folder()) && !p.scan().isEmpty() ? p : null;
    }

    /**
     * The review of a render from its EXR frames' headers ({@code facemat/review.*}), at the default threshold.
     *
     * @throws IOException naming the first frame without scores, or the pattern when no frame exists
     */
    public static ReviewFile fromHeaders(FramePattern frames) throws IOException {
        TreeMap<Long, Path> files = frames.scan();
        if (files.isEmpty()) {
            throw new IOException(frames + ": no frames found");
        }
        List<org.facemat.review.FrameScore> scores = new ArrayList<>();
        String model = null;
        String fps = null;
        for (Map.Entry<Long, Path> e : files.entrySet()) {
            ExrHeader h = ExrReader.readHeader(e.getValue());
            Timecode tc = h.timeCode().orElse(null);
            FrameScore s = ExrPass.reviewOf(h, e.getKey(), tc);
            if (s == null) {
                throw new IOException(e.getValue() + ": no review score in its header (" + ExrPass.REVIEW
                        + "score): rendered by an older FaceMat, or not a FaceMat render");
            }
            scores.add(s);
            if (model == null) {
                model = h.string("facemat/model").orElse(null);
                fps = h.framesPerSecond().map(r -> r.numerator() + "/" + r.denominator()).orElse(null);
            }
        }
        String shot = frames.path(0).getFileName().toString().replaceFirst("\\.?\\d+\\.exr$", "");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("frames", files.firstKey() + "-" + files.lastKey());
        return ReviewFile.of(shot, null, model, fps, settings, ReviewThreshold.DEFAULT, scores);
    }

    private static ReviewSource withPictures(ReviewFile r, Path from, FramePattern frames, Path plate)
            throws IOException {
        List<String> notes = new ArrayList<>();
        if (frames == null) {
            notes.add("no EXR frames of this render beside " + from.getFileName()
                    + ": the thumbnails show no matte or uncertainty (render with an EXR output, e.g. --preset "
                    + "nuke-exr)");
        }
        Path found = plate != null ? plate : findPlate(r.input(), from);
        if (found != null && !exists(found)) {
            notes.add("the plate " + found + " is not there: the thumbnails show the matte on black");
            found = null;
        } else if (found == null) {
            notes.add(r.input() == null
                    ? "the render's input is not recorded in its frames: the thumbnails show the matte on black "
                            + "(give it with --plate)"
                    : "the plate " + r.input() + " was not found (from here or beside " + from.getFileName()
                            + "): the thumbnails show the matte on black (give it with --plate)");
        }
        return new ReviewSource(r, from, frames, found, List.copyOf(notes));
    }

    /** The input as written (from the folder the render ran in), else beside the review. */
    private static Path findPlate(String input, Path from) {
        if (input == null || input.isBlank()) {
            return null;
        }
        Path p = Path.of(input);
        if (exists(p)) {
            return p;
        }
        if (!p.isAbsolute()) {
            Path folder = from.toAbsolutePath().getParent();
            Path beside = folder.resolve(p);
            if (exists(beside)) {
                return beside;
            }
            Path named = folder.resolve(p.getFileName());
            if (exists(named)) {
                return named;
            }
        }
        return null;
    }

    private static boolean exists(Path p) {
        try {
            for (Path f : FrameSource.filesOf(p)) {
                if (Files.isRegularFile(f)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
