package org.facemat.render;

import java.nio.file.Path;
import java.util.List;

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
 */
public record RenderSettings(Path input, Long first, Long last, int preroll, Float ratio, OnError onError,
                             boolean resume, List<PassSpec> passes, List<Path> alsoReads, FaceOptions faces) {

    /** The whole-frame path. */
    public RenderSettings(Path input, Long first, Long last, int preroll, Float ratio, OnError onError,
                          boolean resume, List<PassSpec> passes) {
        this(input, first, last, preroll, ratio, onError, resume, passes, List.of(), FaceOptions.OFF);
    }

    public enum OnError { SKIP, STOP }

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
    }
}
