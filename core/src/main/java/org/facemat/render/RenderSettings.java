package org.facemat.render;

import java.nio.file.Path;
import java.util.List;
import org.facemat.media.ColorSpace;

/**
 * What to render.
 *
 * @param input   movie, sequence pattern or one numbered image of a sequence
 * @param first   first frame to write (source numbering), or null for the source's first
 * @param last    last frame to write, or null for the source's last
 * @param preroll frames run through the network before {@code first} without being written, to build the
 *                recurrent state as a render from earlier frames would have it
 * @param ratio   downsample ratio, or null for the model's recommendation
 * @param onError what to do with a frame that cannot be decoded
 * @param resume  skip frames whose outputs are complete on disk (the state is rebuilt through them)
 * @param passes  the outputs
 * @param alsoReads other files the caller reads (a preset, say), which no output may write over; the input and the
 *                  model are always protected
 * @param faces   the face path or the whole frame, and the face records
 * @param selection the frames written, when not every frame from {@code first} to {@code last} (steps, lists);
 *                  null: all of them. {@code first} and {@code last} are then its first and last
 * @param timing  frame rate, timecode and numbering given instead of the source's
 * @param gapFill what a movie output gets for a frame that could not be decoded (with {@link OnError#SKIP})
 * @param audio   copy the input's audio into movie outputs that can carry it
 * @param colorSpace the input's colour space ({@link ColorSpace#AUTO}: float OpenEXR linear, everything else sRGB)
 * @param alpha   how outputs with the plate in RGB store it against the matte, or null for each format's default
 *                ({@link Alpha#defaultFor})
 */
public record RenderSettings(Path input, Long first, Long last, int preroll, Float ratio, OnError onError,
                             boolean resume, List<PassSpec> passes, List<Path> alsoReads, FaceOptions faces,
                             FrameSelection selection, Timing timing, GapFill gapFill, boolean audio,
                             ColorSpace colorSpace, Alpha alpha, Path reviewFile) {

    /** Without a review file: the per-frame scores still go into each EXR's header. */
    public RenderSettings(Path input, Long first, Long last, int preroll, Float ratio, OnError onError,
                          boolean resume, List<PassSpec> passes, List<Path> alsoReads, FaceOptions faces,
                          FrameSelection selection, Timing timing, GapFill gapFill, boolean audio,
                          ColorSpace colorSpace, Alpha alpha) {
        this(input, first, last, preroll, ratio, onError, resume, passes, alsoReads, faces, selection, timing, gapFill,
                audio, colorSpace, alpha, null);
    }

    /** These settings, writing the per-frame review scores to {@code file} (JSON, {@code docs/review.md}). */
    public RenderSettings withReviewFile(Path file) {
        return new RenderSettings(input, first, last, preroll, ratio, onError, resume, passes, alsoReads, faces,
                selection, timing, gapFill, audio, colorSpace, alpha, file);
    }

    /** Every frame, the source's timing, black gaps, audio, the input's colour space as {@code auto}. */
    public RenderSettings(Path input, Long first, Long last, int preroll, Float ratio, OnError onError,
                          boolean resume, List<PassSpec> passes, List<Path> alsoReads, FaceOptions faces) {
        this(input, first, last, preroll, ratio, onError, resume, passes, alsoReads, faces, null, Timing.SOURCE,
                GapFill.BLACK, true, ColorSpace.AUTO, null);
    }

    /** Whether frame {@code n} (between first and last) is one to write. */
    public boolean selected(long n) {
        return selection == null || selection.contains(n);
    }

    /** The whole-frame path. */
    public RenderSettings(Path input, Long first, Long last, int preroll, Float ratio, OnError onError,
                          boolean resume, List<PassSpec> passes) {
        this(input, first, last, preroll, ratio, onError, resume, passes, List.of(), FaceOptions.OFF);
    }

    public enum OnError { SKIP, STOP }

    /**
     * A skipped frame in a movie: black (matte 0, plate black: nothing was rendered there) or the previous written
     * frame held. Either way the movie keeps one picture per frame, so everything after a gap stays in sync. Image
     * sequences leave the gap (no file), as a farm and a compositor expect.
     */
    public enum GapFill { BLACK, HOLD }
    /** The plate's RGB against the matte in alpha: multiplied by it, or as it is. */
    public enum Alpha {
        PREMULTIPLIED, STRAIGHT;

        /** @throws IllegalArgumentException naming the allowed values */
        public static Alpha parse(String s) {
            String n = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
            return switch (n) {
                case "premultiplied" -> PREMULTIPLIED;
                case "straight" -> STRAIGHT;
                default -> throw new IllegalArgumentException("bad --alpha '" + s + "' (premultiplied or straight)");
            };
        }

        /**
         * The default of each format: OpenEXR premultiplied (what compositing hosts expect of an EXR, e.g. Nuke's
         * Merge over); ProRes 4444 and the rest straight (a QuickTime file has no flag for it, FFmpeg-based readers
         * take alpha as straight, and editing hosts let the user say which it is).
         */
        public static Alpha defaultFor(PassSpec.Kind kind) {
            return kind == PassSpec.Kind.EXR ? PREMULTIPLIED : STRAIGHT;
        }

        /** {@code chosen}, or the format's default when null. */
        public static Alpha of(Alpha chosen, PassSpec.Kind kind) {
            return chosen != null ? chosen : defaultFor(kind);
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RenderSettings {
        if (preroll < 0) {
            throw new IllegalArgumentException("pre-roll must be >= 0");
        }
        if (passes.isEmpty()) {
            throw new IllegalArgumentException("no output: give --out (and optionally --preset)");
        }
        passes = List.copyOf(passes);
        alsoReads = List.copyOf(alsoReads);
        if (faces == null) {
            throw new IllegalArgumentException("no face options");
        }
        if (timing == null || gapFill == null) {
            throw new IllegalArgumentException("no timing or gap rule");
        }
        if (selection != null) {
            first = selection.first();
            last = selection.last();
        }
        if (colorSpace == null) {
            colorSpace = ColorSpace.AUTO;
        }
    }
}
